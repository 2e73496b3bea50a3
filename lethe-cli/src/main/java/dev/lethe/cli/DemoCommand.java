package dev.lethe.cli;

import dev.lethe.data.Dataset;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lethe demo}: the main job on a bundled real dataset (the 1980 US census extract of Angrist
 * and Evans, 254,654 mothers; does a mother have more than two children?). Every family trains on
 * 80%, forgets 1% of its training records in one request, and is compared with retraining from
 * scratch: accuracy before and after, forget time against retrain time, and the largest difference
 * of the forgetting model's outputs from the retrained model's.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train every family on a bundled real dataset, forget 1%% of the records, verify against retraining.")
final class DemoCommand implements Callable<Integer> {

    static final List<String> PREFERRED = List.of("nb", "ridge", "knn", "forest", "logistic");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "Dataset (default: the bundled data/AER_Fertility.csv.gz).")
    Path data;

    @Option(names = "--label", paramLabel = "COL", description = "Label column (default: morekids).")
    String label;

    @Option(names = "--fraction", defaultValue = "0.01", description = "Fraction of training records to forget (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--eval-rows", defaultValue = "5000", description = "Held-out rows to score and compare on (default: ${DEFAULT-VALUE}).")
    int evalRows;

    @Option(names = "--model", split = ",", paramLabel = "FAMILY", description = "Families to run (default: all available).")
    List<String> families;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() {
        if (!(fraction > 0 && fraction < 0.5)) {
            throw new Main.UserError("--fraction must lie in (0, 0.5), got " + fraction);
        }
        if (evalRows < 1) {
            throw new Main.UserError("--eval-rows must be positive, got " + evalRows);
        }
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), false);
        Path file = data != null ? data : bundled();
        ReadOptions options = ReadOptions.label(label != null ? label : "morekids");
        List<ModelFamily> chosen = (families == null ? PREFERRED.stream().filter(ModelFamilies.names()::contains).toList() : families)
                .stream().map(ModelFamilies::byName).toList();

        Dataset all = DataFiles.readTraining(file, options, progress).dataset();
        Dataset.Split split = all.split(0.8, seed);
        Dataset train = split.first();
        Dataset test = split.second();
        Dataset eval = test.size() > evalRows ? test.select(range(evalRows)) : test;
        long[] ids = train.shuffle(seed + 1).recordIds();
        int count = Math.max(1, (int) Math.round(train.size() * fraction));
        Set<Long> forgotten = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            forgotten.add(ids[i]);
        }
        out.printf(Locale.ROOT, "%s: %d training rows, %d held-out rows scored; forgetting %d records (%.1f%%) in one request%n%n",
                file.getFileName(), train.size(), eval.size(), count, 100 * fraction);
        out.printf(Locale.ROOT, "%-9s %-11s %10s %10s %12s %12s %9s %12s%n", "model", "guarantee", "acc before", "acc after",
                "forget", "retrain", "speedup", "max |diff|");
        boolean allExact = true;
        for (ModelFamily family : chosen) {
            Learner<?> learner = family.learner(Map.of(), seed);
            progress.stage(family.name() + ": training on " + train.size() + " rows");
            UnlearnableModel model = learner.fit(train);
            progress.stage(family.name() + ": scoring");
            double before = Evaluation.of(model, eval).headline();
            progress.stage(family.name() + ": forgetting " + count + " records");
            ForgetReceipt receipt = model.forget(new ForgetRequest.Records(forgotten));
            double after = Evaluation.of(model, eval).headline();
            progress.stage(family.name() + ": retraining from scratch without them");
            long start = System.nanoTime();
            UnlearnableModel retrained = learner.fit(model.history().applyTo(train));
            long retrainNanos = System.nanoTime() - start;
            progress.stage(family.name() + ": comparing with the retrained model");
            ExactnessReport report = RetrainCheck.compare(model, retrained, eval, family.exactnessTolerance(), retrainNanos / 1_000_000);
            progress.done();
            allExact &= report.passed() || !receipt.guarantee().toString().equals("EXACT");
            long forgetNanos = receipt.elapsed().toNanos();
            out.printf(Locale.ROOT, "%-9s %-11s %10.4f %10.4f %12s %12s %8.0f× %12.2e%n", family.name(),
                    shortGuarantee(receipt), before, after, Durations.format(forgetNanos), Durations.format(retrainNanos),
                    (double) retrainNanos / Math.max(1, forgetNanos), report.maxDifference());
            out.flush();
        }
        out.println();
        out.println(allExact
                ? "Every EXACT model matches its retrained twin within tolerance."
                : "Some EXACT model differs from retraining beyond tolerance: see the table.");
        return allExact ? Main.OK : Main.CHECK_FAILED;
    }

    private static String shortGuarantee(ForgetReceipt receipt) {
        String g = receipt.guarantee().toString();
        return g.startsWith("CERTIFIED") ? "CERTIFIED" : g;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    /** The bundled dataset, found beside the launcher (lethe.root) or in the working directory. */
    static Path bundled() {
        String root = System.getProperty("lethe.root", ".");
        Path p = Path.of(root, "data", "AER_Fertility.csv.gz");
        if (!Files.exists(p)) {
            throw new Main.UserError(p + ": the bundled dataset is missing; pass --data FILE --label COL");
        }
        return p;
    }
}
