package dev.lethe.cli;

import dev.lethe.bench.BenchResult;
import dev.lethe.bench.ForgetBenchmark;
import dev.lethe.data.Dataset;
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
        description = "Time single-record forgets against refitting from scratch, in one run.")
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

    @Option(names = "--warmup", defaultValue = "5000", description = "Untimed warm-up forgets (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--refits", defaultValue = "5", description = "Timed refits from scratch (default: ${DEFAULT-VALUE}).")
    int refits;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the model and the choice of records.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object per model.")
    boolean json;

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
        }
        ForgetBenchmark.Plan plan;
        try {
            plan = new ForgetBenchmark.Plan(warmup, forgets, refits, seed);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        Dataset dataset = DataFiles.readTraining(data.data, data.readOptions(), progress).dataset();
        if (!json) {
            out.printf(Locale.ROOT, "%-10s %9s %14s %14s %14s %12s %10s%n", "model", "rows", "forget p50 µs",
                    "forget p99 µs", "forget max µs", "refit ms", "speedup");
        }
        if (warmup + forgets >= dataset.size()) {
            throw new Main.UserError("the data has " + dataset.size() + " rows; --warmup + --forgets must be fewer");
        }
        for (ModelFamily family : chosen) {
            BenchResult r = ForgetBenchmark.run(family, parsed, dataset, plan, message -> progress.stage(family.name() + ": " + message));
            progress.done();
            if (json) {
                out.println(Json.compact(r.toMap()));
            } else {
                out.printf(Locale.ROOT, "%-10s %9d %14.2f %14.2f %14.2f %12.1f %10.0f%n", r.model(), r.rows(),
                        r.forgetP50Micros(), r.forgetP99Micros(), r.forgetMaxMicros(), r.refitMillis(), r.speedup());
            }
            out.flush();
        }
        return Main.OK;
    }
}
