package dev.lethe.cli;

import dev.lethe.bench.BenchResult;
import dev.lethe.bench.ForgetBenchmark;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.IdxReader;
import dev.lethe.data.LoadedData;
import dev.lethe.data.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Settings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lethe bench forget}: median and p99 time to forget one record against the median time to
 * refit from scratch, in one run on the same data (see {@link ForgetBenchmark}).
 */
@Command(name = "forget", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time single-record forgets against refitting from scratch, in one run.",
                "For sisa the refits are of the monolithic base learner; with held-out data (--test, MNIST's t10k, "
                        + "--holdout) the output adds accuracy and accuracy_monolithic."})
final class BenchForgetCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, split = ",", paramLabel = "FAMILY",
            description = "Model families, comma-separated: ${COMPLETION-CANDIDATES}.", completionCandidates = FamilyNames.class)
    List<String> families;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyperparameter for every family (repeatable).")
    List<String> settings = List.of();

    @Option(names = "--forgets", defaultValue = "2000", description = "Timed single-record forgets (default: ${DEFAULT-VALUE}).")
    int forgets;

    @Option(names = "--warmup", defaultValue = "100000",
            description = "At most this many untimed warm-up forgets, on a copy of the model so the measured one "
                    + "loses no record before timing (a warm-up of at most 1% of the records runs on the measured model; "
                    + "the output says how many records it lost) (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "3",
            description = "Stop warming up after this long (default: ${DEFAULT-VALUE} s).")
    double warmupSeconds;

    @Option(names = "--refits", defaultValue = "5", description = "Timed refits from scratch (default: ${DEFAULT-VALUE}).")
    int refits;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the model and the choice of records.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object per model.")
    boolean json;

    @Option(names = "--test", paramLabel = "FILE",
            description = "Held-out data for accuracy (default: MNIST's t10k files when --data is an IDX folder).")
    Path test;

    @Option(names = "--holdout", defaultValue = "0", paramLabel = "FRACTION",
            description = "Hold out this fraction of the data for accuracy when there is no test file (default: none).")
    double holdout;

    @Option(names = "--classes", split = ",", paramLabel = "CLASS",
            description = "Keep only the rows of these classes, as a task with just these classes (e.g. 3,8 on MNIST).")
    List<String> classes = List.of();

    @Option(names = "--prepare", split = ",", paramLabel = "STEP",
            description = "Feature preparation before the benchmark, in order: unit-rows (each row scaled to length 1), "
                    + "log1p-standardise (log(1 + x), then z-scores from the data itself: not with a separate test set; "
                    + "use --holdout).")
    List<String> prepare = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), false);
        List<ModelFamily> chosen = new ArrayList<>();
        Map<String, String> parsed = Settings.parse(settings);
        for (String name : families) {
            ModelFamily family = ModelFamilies.byName(name);
            family.learner(parsed, seed);
            chosen.add(family);
            TrainingHints.of(family.name(), parsed).ifPresent(progress::note);
        }
        ForgetBenchmark.Plan plan;
        try {
            plan = new ForgetBenchmark.Plan(warmup, warmupSeconds, forgets, refits, seed);
        } catch (dev.lethe.model.OptionsException e) {
            throw new Main.UserError(e.getMessage());
        }
        LoadedData loaded = DataFiles.readTraining(data.data, data.readOptions(), progress);
        Dataset dataset = loaded.dataset();
        Dataset testSet = null;
        if (test != null) {
            progress.stage("reading " + test);
            testSet = DatasetReader.readFor(test, data.readOptions(), dataset.schema(), loaded.imputation()).dataset();
            progress.done();
        } else if (Files.isDirectory(data.data) && hasTestSplit(data.data)) {
            progress.stage("reading the test split of " + data.data);
            testSet = IdxReader.readTestSplit(data.data);
            progress.done();
        }
        if (!classes.isEmpty()) {
            try {
                dataset = Transforms.onlyClasses(dataset, classes);
                testSet = testSet == null ? null : Transforms.onlyClasses(testSet, classes);
            } catch (dev.lethe.data.DataException e) {
                throw new Main.UserError("--classes: " + e.getMessage());
            }
        }
        for (String step : prepare) {
            switch (step) {
                case "unit-rows" -> {
                    dataset = Transforms.unitRows(dataset);
                    testSet = testSet == null ? null : Transforms.unitRows(testSet);
                }
                case "log1p-standardise" -> {
                    if (testSet != null) {
                        throw new Main.UserError("--prepare log1p-standardise takes its statistics from the data it is "
                                + "given, so it cannot prepare a separate test set; use --holdout instead");
                    }
                    dataset = Transforms.log1pStandardised(dataset);
                }
                default -> throw new Main.UserError("--prepare: unknown step '" + step
                        + "'; expected unit-rows or log1p-standardise");
            }
        }
        if (testSet == null && holdout != 0) {
            if (!(holdout > 0 && holdout < 1)) {
                throw new Main.UserError("--holdout: expected a fraction in (0, 1), got " + holdout);
            }
            Dataset.Split split = dataset.split(1 - holdout, seed);
            dataset = split.first();
            testSet = split.second();
        }
        if (!json) {
            out.printf(Locale.ROOT, "%-10s %9s %14s %14s %14s %12s %10s%n", "model", "rows", "forget p50 µs",
                    "forget p99 µs", "forget max µs", "refit ms", "speedup");
        }
        if (forgets >= dataset.size()) {
            throw new Main.UserError("the data has " + dataset.size() + " rows; --forgets must be fewer");
        }
        for (ModelFamily family : chosen) {
            BenchResult r = ForgetBenchmark.run(family, parsed, dataset, testSet, plan, message -> progress.stage(family.name() + ": " + message));
            progress.done();
            if (json) {
                out.println(Json.compact(r.toMap()));
            } else {
                out.printf(Locale.ROOT, "%-10s %9d %14.2f %14.2f %14.2f %12.1f %10.0f%n", r.model(), r.rows(),
                        r.forgetP50Micros(), r.forgetP99Micros(), r.forgetMaxMicros(), r.refitMillis(), r.speedup());
                out.printf(Locale.ROOT, "%-10s warm-up: %s forgets; records the measured model lost before timing: %s%n",
                        "", r.extra().get("warmup_forgets"), r.extra().get("records_lost_before_timing"));
            }
            out.flush();
        }
        return Main.OK;
    }

    private static boolean hasTestSplit(Path folder) {
        return Files.isRegularFile(folder.resolve("t10k-images-idx3-ubyte.gz"))
                || Files.isRegularFile(folder.resolve("t10k-images-idx3-ubyte"));
    }
}
