package dev.lethe.spark.cli;

import dev.lethe.spark.home.LakeModels;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe spark train}: a lake model (lake-nb, lake-ridge) of a home's lake dataset, stored in its registry. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a lake model (lake-nb or lake-ridge) on a home's lake dataset by one distributed aggregation.")
final class SparkTrainCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "the Lethe home")
    Path home;

    @Option(names = "--dataset", required = true, description = "the lake dataset's name in the home")
    String dataset;

    @Option(names = "--name", required = true, description = "the model's name")
    String name;

    @Option(names = "--family", required = true, description = "lake-nb or lake-ridge")
    String family;

    @Option(names = "--label", description = "the label column (default: the dataset's)")
    String label;

    @Option(names = "--set", description = "a setting, e.g. lambda=0.5 or varSmoothing=1e-9")
    Map<String, String> settings = Map.of();

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        try (LetheHome h = LetheHome.open(home)) {
            ModelInfo m = LakeModels.train(h.registry(), master.session(), name, dataset, family, label, settings, 1L);
            System.out.println("trained " + m.family() + " model '" + m.name() + "' on lake dataset '" + dataset + "'");
        }
        return 0;
    }
}
