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
import dev.lethe.model.Settings;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * {@code lethe demo}: the main job on bundled real datasets, in two parts.
 *
 * <p>First, forget against retrain, on the 1980 US census extract of Angrist and Evans (254,654
 * mothers; does a mother have more than two children?): every family trains on 80%, forgets 1% of its
 * training records in one request, and is compared with retraining from scratch: accuracy before and
 * after, forget time against retrain time, and the largest difference of the forgetting model's
 * outputs from the retrained model's.
 *
 * <p>Second, the forget workflow ({@link DemoWorkflow}) on data with real data subjects: the lme4
 * InstEval lecture ratings, whose column {@code s} is the student who gave each rating. In a fresh
 * Lethe home it imports them, trains naive Bayes, ridge and a small forest, submits subject requests
 * (one for an unknown subject), runs the worker, and shows the receipts and the verified ledger.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Part 1: train every family on a bundled real dataset, forget 1%% of the records, verify against "
                + "retraining.", "Part 2: the forget workflow in a fresh Lethe home: import data with subjects, train "
                + "several families, submit subject requests, run the worker, show the receipts and verify the ledger."})
final class DemoCommand implements Callable<Integer> {

    static final List<String> PREFERRED = List.of("nb", "ridge", "knn", "forest", "logistic");

    /** The workflow part's families, with settings that keep the demo quick (a small forest). */
    static final Map<String, Map<String, String>> WORKFLOW_FAMILIES = workflowFamilies();

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

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A hyperparameter for every family of part 1 (repeatable), e.g. --model sisa --set base=nb.")
    List<String> settings = List.of();

    @Option(names = "--home", paramLabel = "DIR",
            description = "Part 2: create the Lethe home here and keep it (must be new or empty; default: a temporary "
                    + "directory, removed at the end).")
    Path home;

    @Option(names = "--workflow-data", paramLabel = "FILE",
            description = "Part 2: data with a subject column (default: the bundled data/lme4_InstEval.csv.gz).")
    Path workflowData;

    @Option(names = "--workflow-label", paramLabel = "COL", description = "Part 2: label column (default: y).")
    String workflowLabel;

    @Option(names = "--subject", paramLabel = "COL", description = "Part 2: the column naming each row's data subject (default: s).")
    String subject;

    @Option(names = "--workflow-model", split = ",", paramLabel = "FAMILY",
            description = "Part 2: families to train (default: nb,ridge,forest; the forest with trees=20, maxDepth=12).")
    List<String> workflowFamilies;

    @Option(names = "--requests", defaultValue = "5",
            description = "Part 2: subject requests to submit, the last for an unknown subject (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--skip-table", description = "Run parts 2 and 3 only (the workflow, then the same home as a service).")
    boolean skipTable;

    @Override
    public Integer call() {
        if (!(fraction > 0 && fraction < 0.5)) {
            throw new Main.UserError("--fraction must lie in (0, 0.5), got " + fraction);
        }
        if (evalRows < 1) {
            throw new Main.UserError("--eval-rows must be positive, got " + evalRows);
        }
        if (requests < 2) {
            throw new Main.UserError("--requests must be at least 2 (one for a known subject, one for an unknown one), got "
                    + requests);
        }
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), false);
        DemoWorkflow.Config workflow = workflowConfig();
        boolean tableOk = true;
        if (!skipTable) {
            out.println("== Part 1: forget versus retrain, every family ==");
            out.println();
            tableOk = table(out, progress);
            out.println();
        }
        out.println("== Part 2: the forget workflow: subjects, registry, worker, receipts, ledger ==");
        out.println();
        boolean workflowOk = new DemoWorkflow(workflow, out, progress).run();
        out.println(workflowOk ? "Every request completed, once, and nothing forgotten remains." : "The workflow checks FAILED: see above.");
        return tableOk && workflowOk ? Main.OK : Main.CHECK_FAILED;
    }

    private DemoWorkflow.Config workflowConfig() {
        Path file = workflowData != null ? workflowData : bundled("lme4_InstEval.csv.gz");
        String column = subject != null ? subject : "s";
        ReadOptions read = ReadOptions.label(workflowLabel != null ? workflowLabel : "y").withSubject(column);
        Map<String, Map<String, String>> chosen = new LinkedHashMap<>();
        if (workflowFamilies == null) {
            WORKFLOW_FAMILIES.forEach((f, set) -> {
                if (ModelFamilies.names().contains(f)) {
                    chosen.put(f, set);
                }
            });
        } else {
            for (String f : workflowFamilies) {
                ModelFamilies.byName(f); // fails with the list of known families
                chosen.put(f, WORKFLOW_FAMILIES.getOrDefault(f, Map.of()));
            }
        }
        String note = workflowData == null && subject == null
                ? "subjects are the students of column 's' (each rated several lectures): real data subjects, not derived"
                : "subjects from column '" + column + "'";
        return new DemoWorkflow.Config(file, read, note, chosen, requests, seed, home);
    }

    private static Map<String, Map<String, String>> workflowFamilies() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("nb", Map.of());
        m.put("ridge", Map.of());
        m.put("forest", new java.util.TreeMap<>(Map.of("trees", "20", "maxDepth", "12")));
        return Collections.unmodifiableMap(m);
    }

    /** Part 1: the table of forget against retrain; returns whether every EXACT model matched. */
    private boolean table(PrintWriter out, Progress progress) {
        Path file = data != null ? data : bundled("AER_Fertility.csv.gz");
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
            Learner<?> learner = family.learner(Settings.parse(settings), seed);
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
        return allExact;
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

    /** A bundled dataset, found beside the launcher (lethe.root) or in the working directory. */
    static Path bundled(String name) {
        String root = System.getProperty("lethe.root", ".");
        Path p = Path.of(root, "data", name);
        if (!Files.exists(p)) {
            throw new Main.UserError(p + ": the bundled dataset is missing; pass "
                    + (name.startsWith("AER") ? "--data FILE --label COL" : "--workflow-data FILE --workflow-label COL --subject COL"));
        }
        return p;
    }
}
