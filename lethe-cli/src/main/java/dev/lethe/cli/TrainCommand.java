package dev.lethe.cli;

import dev.lethe.data.Dataset;
import dev.lethe.data.LoadedData;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe train}: fit a model that can forget, and save it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model that can forget and save it to a model file.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "FAMILY",
            description = "Model family: ${COMPLETION-CANDIDATES}.", completionCandidates = FamilyNames.class)
    String family;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter of the family (repeatable).")
    List<String> settings = List.of();

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}; DP-SGD draws a secret one, "
            + "since a known seed replays its noise).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where to write the model file.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
    boolean quiet;

    @Option(names = "--dp", split = ",", paramLabel = "KEY=VALUE",
            description = "Train with DP-SGD to epsilon=E,delta=D[,clip=C] (logistic, mlp and cnn; other settings by --set).")
    List<String> dp = List.of();

    @Override
    public Integer call() {
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        Map<String, String> parsed = Settings.parse(settings);
        if (!dp.isEmpty()) {
            family = DpTraining.family(family);
            parsed.putAll(DpTraining.settings(dp));
        }
        ModelFamily modelFamily = ModelFamilies.byName(family);
        seed = modelFamily.seedFor(Seeds.given(spec, seed), seed);
        Learner<?> learner = modelFamily.learner(parsed, seed);
        TrainingHints.of(modelFamily.name(), parsed).ifPresent(progress::note);
        LoadedData loaded = DataFiles.readTraining(data, progress);
        Dataset dataset = loaded.dataset();
        progress.stage("training " + family + " on " + dataset.size() + " rows × " + dataset.numFeatures() + " features");
        long start = System.nanoTime();
        UnlearnableModel model = learner.withProgress(progress::step).fit(dataset);
        long took = System.nanoTime() - start;
        model.recordSource(DataFiles.source(data.data, data.readOptions(), loaded));
        progress.stage("writing " + out);
        ModelFile.save(model, out);
        progress.done();
        spec.commandLine().getOut().printf("trained %s on %d rows in %s → %s (state %s)%n", family, dataset.size(),
                Durations.format(took), out, model.stateDigest().substring(0, 16));
        return Main.OK;
    }
}
