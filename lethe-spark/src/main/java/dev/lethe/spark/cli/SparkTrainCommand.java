package dev.lethe.spark.cli;

import dev.lethe.model.OptionsException;
import dev.lethe.models.sisa.SisaFamily;
import dev.lethe.spark.home.LakeModels;
import dev.lethe.spark.home.SisaHomeModels;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lethe spark train}: a lake model (lake-nb, lake-ridge, lake-logistic) of a home's lake dataset, or a sisa model of
 * a home's dataset with its shards as Spark tasks and, with {@code --shards-at}, kept as files under a
 * Hadoop FileSystem URI; stored in the home's registry.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a lake model (lake-nb, lake-ridge or lake-logistic) on a home's lake dataset by one distributed aggregation, "
                + "or a sisa model whose shards run as Spark tasks (--shards-at keeps them as files).")
final class SparkTrainCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "the Lethe home")
    Path home;

    @Option(names = "--dataset", required = true, description = "the lake dataset's name in the home")
    String dataset;

    @Option(names = "--name", required = true, description = "the model's name")
    String name;

    @Option(names = "--family", required = true, description = "lake-nb, lake-ridge, lake-logistic or sisa")
    String family;

    @Option(names = "--shards-at", paramLabel = "URI", description = "sisa: keep each shard as a file under URI/<name>/ "
            + "(a Hadoop FileSystem URI: file:, hdfs:, s3a:); the registry keeps their paths and SHA-256 digests")
    String shardsAt;

    @Option(names = "--label", description = "the label column (default: the dataset's)")
    String label;

    @Option(names = "--set", description = "a setting, e.g. lambda=0.5 or varSmoothing=1e-9")
    Map<String, String> settings = Map.of();

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        boolean sisa = family.equals(SisaFamily.NAME);
        if (!sisa && shardsAt != null) {
            throw new OptionsException("--shards-at applies to --family sisa, got --family " + family);
        }
        try (LetheHome h = LetheHome.open(home)) {
            if (sisa) {
                master.session();
                ModelInfo m = SisaHomeModels.train(h.registry(), name, dataset, settings, shardsAt, 1L);
                System.out.println("trained sisa model '" + m.name() + "' on dataset '" + dataset + "'"
                        + (shardsAt == null ? "" : ", its shards kept under " + m.settings().get("shardsAt")));
                return 0;
            }
            ModelInfo m = LakeModels.train(h.registry(), master.session(), name, dataset, family, label, settings, 1L);
            System.out.println("trained " + m.family() + " model '" + m.name() + "' on lake dataset '" + dataset + "'");
        }
        return 0;
    }
}
