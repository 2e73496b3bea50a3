package dev.lethe.cli;

import dev.lethe.engine.Catalog;
import dev.lethe.model.Settings;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe model}: models in the registry. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Models in the registry.",
        subcommands = ModelCommand.Train.class)
final class ModelCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lethe model train}: train a registry model on a registry dataset. */
    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Train a model on a dataset of the registry and store it as version 1 with its lineage.")
    static final class Train implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The model's name in the registry.")
        String name;

        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The registry dataset to train on.")
        String dataset;

        @Option(names = "--model", required = true, paramLabel = "FAMILY",
                description = "Model family: ${COMPLETION-CANDIDATES}.", completionCandidates = FamilyNames.class)
        String family;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter of the family (repeatable).")
        List<String> settings = List.of();

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}; DP-SGD draws a secret one, "
                + "since a known seed replays its noise).")
        long seed;

        @Option(names = "--holdout", defaultValue = "0", paramLabel = "FRACTION",
                description = "Hold out this fraction of the records to guard accuracy (default: none).")
        double holdout;

        @Option(names = "--accuracy-margin", defaultValue = "0.05", paramLabel = "DROP",
                description = "Retrain when held-out accuracy falls more than this after deletions (default: ${DEFAULT-VALUE}).")
        double margin;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            long trainingSeed = dev.lethe.model.ModelFamilies.seedFor(family, Seeds.given(spec, seed), seed);
            try (LetheHome h = home.open()) {
                ModelInfo m = new Catalog(h.registry()).train(new Catalog.TrainSpec(name, dataset, family,
                        Settings.parse(settings), trainingSeed, holdout, margin));
                int records = h.registry().models().version(m.name(), m.currentVersion()).liveRecords();
                spec.commandLine().getOut().printf("trained %s (%s) on %d records of %s%s%n", m.name(), m.family(), records,
                        dataset, m.hasAccuracyGuard() ? String.format(java.util.Locale.ROOT,
                                "; held-out accuracy %.4f, retrain below %.4f", m.baselineAccuracy(),
                                m.baselineAccuracy() - m.accuracyMargin()) : "");
            }
            return Main.OK;
        }
    }
}
