package dev.lethe.bench;

import dev.lethe.audit.attack.ModelOutputs;
import dev.lethe.audit.metrics.ForgettingQuality;
import dev.lethe.audit.metrics.RocCurve;
import dev.lethe.audit.report.UnlearnReport;
import dev.lethe.data.Dataset;
import dev.lethe.djl.NeuralUnlearning;
import dev.lethe.djl.UnlearningMethod;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.Model;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code lethe bench unlearn}: every approximate {@link UnlearningMethod} against retraining from
 * scratch, for a monolithic network, on three forget sets: one whole class, a random 10% of the
 * training rows, and 1% of the rows grouped as subjects (consecutive blocks of
 * {@value #SUBJECT_SIZE} rows stand for one person each, as MNIST has no subjects). Per run r (seed r)
 * the same forget set S is forgotten from a model trained on D by each method, and the model is
 * retrained exactly on D \ S with its own settings (the same epochs as the original) through the same
 * forget protocol, both timed in the same process; the model before forgetting is measured too, as the
 * control every method starts from. Reported per method: median time and its ratio
 * to retraining's, forget/retain/test accuracy (by class index, so a forgotten class's level does not
 * hide what the weights still know), the AUC of a confidence-threshold membership attack telling S
 * from the test set (Shokri-style; 0.5 = S looks unseen), and the forgetting-quality score of the
 * NeurIPS 2023 Machine Unlearning Challenge ({@link ForgettingQuality}: per-example ε from the N
 * unlearned against the N retrained models' logit-scaled confidences, binned, averaged, times the
 * retain and test accuracy ratios to retraining), with a percentile-bootstrap interval over the
 * forget examples.
 */
public final class UnlearnBenchmark {

    /** Rows per simulated subject. */
    public static final int SUBJECT_SIZE = 10;
    /** The class the class scenario forgets. */
    public static final String FORGOTTEN_CLASS = "7";
    /** The reference row: exact retraining from scratch without S. */
    public static final String RETRAIN = "retrain";
    /** The control row: the model before any unlearning (what each method starts from; not timed). */
    public static final String ORIGINAL = "original";
    /** δ of the per-example ε, as {@code lethe audit} uses. */
    public static final double DELTA = 1e-3;

    private UnlearnBenchmark() {
    }

    /**
     * @param settings per family, its training settings
     * @param methods  per method, its {@code --set} settings (empty for defaults)
     */
    public record Config(List<String> families, Map<String, Map<String, String>> settings, List<String> scenarios,
                         Map<String, Map<String, String>> methods, int runs, long seed) {
    }

    /** One method (or {@code retrain}) in one scenario, over all runs. */
    public record Row(String family, String scenario, String method, int runs, int forgetSize, double medianSeconds,
                      double retrainSeconds, double forgetAccuracy, double retainAccuracy, double testAccuracy,
                      double miaAuc, double quality, double qualityLow, double qualityHigh, double medianEpsilon) {

        public double timeRatio() {
            return medianSeconds / retrainSeconds;
        }

        public UnlearnReport.Entry entry() {
            return new UnlearnReport.Entry(family, scenario, method, runs, forgetSize, medianSeconds, timeRatio(), forgetAccuracy,
                    retainAccuracy, testAccuracy, miaAuc, quality, qualityLow, qualityHigh, medianEpsilon);
        }
    }

    public static List<Row> run(Config config, Dataset train, Dataset test, Consumer<String> progress) {
        List<Row> rows = new ArrayList<>();
        for (String family : config.families()) {
            for (String scenario : config.scenarios()) {
                rows.addAll(scenario(config, family, scenario, train, test, progress));
            }
        }
        return rows;
    }

    /** The rows of D that the scenario forgets, ascending. */
    static int[] forgetRows(String scenario, Dataset train, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<Integer> out = new ArrayList<>();
        switch (scenario) {
            case "class" -> {
                int label = train.schema().target().levelIndex(FORGOTTEN_CLASS);
                for (int i = 0; i < train.size(); i++) {
                    if (train.label(i) == label) {
                        out.add(i);
                    }
                }
            }
            case "random" -> {
                for (int i = 0; i < train.size(); i++) {
                    if (random.nextDouble() < 0.1) {
                        out.add(i);
                    }
                }
            }
            case "subject" -> {
                int subjects = (train.size() + SUBJECT_SIZE - 1) / SUBJECT_SIZE;
                Set<Integer> chosen = new HashSet<>();
                int wanted = Math.max(1, (int) Math.round(subjects * 0.01));
                while (chosen.size() < wanted) {
                    chosen.add(random.nextInt(subjects));
                }
                for (int i = 0; i < train.size(); i++) {
                    if (chosen.contains(i / SUBJECT_SIZE)) {
                        out.add(i);
                    }
                }
            }
            default -> throw new dev.lethe.model.InvalidInputException("--scenario: expected class, random or subject, got "
                    + dev.lethe.model.LetheException.quote(scenario));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Row> scenario(Config config, String family, String scenario, Dataset train, Dataset test,
                                      Consumer<String> progress) {
        int[] s = forgetRows(scenario, train, config.seed());
        Set<Integer> inS = new HashSet<>();
        for (int i : s) {
            inS.add(i);
        }
        int[] r = java.util.stream.IntStream.range(0, train.size()).filter(i -> !inS.contains(i)).toArray();
        Dataset forget = train.select(s);
        Dataset retain = train.select(r);
        ForgetRequest request = scenario.equals("class") ? new ForgetRequest.ClassLabel(FORGOTTEN_CLASS)
                : new ForgetRequest.Records(ids(train, s));
        List<String> methods = new ArrayList<>(config.methods().keySet());
        int n = config.runs();
        Measures retrained = new Measures(n, s.length);
        Measures originals = new Measures(n, s.length);
        Measures[] unlearned = new Measures[methods.size()];
        for (int m = 0; m < unlearned.length; m++) {
            unlearned[m] = new Measures(n, s.length);
        }
        Map<String, String> settings = config.settings().getOrDefault(family, Map.of());
        for (int run = 0; run < n; run++) {
            long seed = config.seed() + run;
            Learner<?> learner = ModelFamilies.byName(family).learner(settings, seed);
            progress.accept(family + " " + scenario + ": run " + (run + 1) + " of " + n);
            byte[] original = ModelFile.toBytes(learner.fit(train));
            originals.add(run, 0, ModelFile.fromBytes(original), forget, retain, test);
            // the retrain goes through the same forget protocol (plan, state digests, receipt) as the methods:
            // exactly what `lethe forget` does when it retrains, so the two times differ only by the training
            UnlearnableModel retrain = ModelFile.fromBytes(original);
            long t0 = System.nanoTime();
            NeuralUnlearning.retrain(retrain, request, null, Map.of());
            retrained.add(run, System.nanoTime() - t0, retrain, forget, retain, test);
            for (int m = 0; m < methods.size(); m++) {
                UnlearnableModel copy = ModelFile.fromBytes(original);
                long t1 = System.nanoTime();
                NeuralUnlearning.forget(copy, request, methodId(methods.get(m)), config.methods().get(methods.get(m)));
                unlearned[m].add(run, System.nanoTime() - t1, copy, forget, retain, test);
            }
        }
        List<Row> rows = new ArrayList<>();
        rows.add(retrained.row(family, scenario, RETRAIN, retrained, null, s.length));
        rows.add(originals.row(family, scenario, ORIGINAL, retrained, config, s.length));
        for (int m = 0; m < methods.size(); m++) {
            rows.add(unlearned[m].row(family, scenario, methods.get(m), retrained, config, s.length));
        }
        return rows;
    }

    private static Set<Long> ids(Dataset data, int[] rows) {
        Set<Long> ids = new LinkedHashSet<>();
        for (int i : rows) {
            ids.add(data.recordId(i));
        }
        return ids;
    }

    /** What one model (unlearned or retrained) measured in each run. */
    private static final class Measures {
        final double[] nanos;
        final double[] forgetAcc;
        final double[] retainAcc;
        final double[] testAcc;
        final double[] auc;
        final double[][] phi;

        Measures(int runs, int forgetSize) {
            nanos = new double[runs];
            forgetAcc = new double[runs];
            retainAcc = new double[runs];
            testAcc = new double[runs];
            auc = new double[runs];
            phi = new double[forgetSize][runs];
        }

        void add(int run, long elapsed, Model model, Dataset forget, Dataset retain, Dataset test) {
            nanos[run] = elapsed;
            forgetAcc[run] = Evaluation.accuracyByIndex(model, forget);
            retainAcc[run] = Evaluation.accuracyByIndex(model, retain);
            testAcc[run] = Evaluation.accuracyByIndex(model, test);
            double[] f = ModelOutputs.of(model, forget).phi();
            auc[run] = RocCurve.of(f, ModelOutputs.of(model, test).phi()).auc();
            for (int i = 0; i < f.length; i++) {
                phi[i][run] = f[i];
            }
        }

        Row row(String family, String scenario, String method, Measures retrained, Config config, int forgetSize) {
            double q = Double.NaN;
            double lo = Double.NaN;
            double hi = Double.NaN;
            double eps = Double.NaN;
            if (config != null) {
                ForgettingQuality.Result fq = ForgettingQuality.score(phi, retrained.phi, DELTA);
                double utility = ratio(mean(retainAcc), mean(retrained.retainAcc)) * ratio(mean(testAcc), mean(retrained.testAcc));
                double[] interval = bootstrap(fq.scores(), config.seed());
                q = fq.quality() * utility;
                lo = interval[0] * utility;
                hi = interval[1] * utility;
                eps = fq.medianEpsilon();
            }
            return new Row(family, scenario, method, nanos.length, forgetSize, median(nanos) / 1e9, median(retrained.nanos) / 1e9,
                    mean(forgetAcc), mean(retainAcc), mean(testAcc), mean(auc), q, lo, hi, eps);
        }
    }

    /** The challenge caps the utility factor at 1: a method is not rewarded for beating retraining. */
    private static double ratio(double a, double b) {
        return b == 0 ? 1 : Math.min(1, a / b);
    }

    /** 95% percentile-bootstrap interval of the mean of {@code scores} (resampling forget examples). */
    static double[] bootstrap(double[] scores, long seed) {
        if (scores.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Random random = new Random(seed);
        double[] means = new double[1000];
        for (int b = 0; b < means.length; b++) {
            double s = 0;
            for (int i = 0; i < scores.length; i++) {
                s += scores[random.nextInt(scores.length)];
            }
            means[b] = s / scores.length;
        }
        Arrays.sort(means);
        return new double[] {means[24], means[974]};
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * The method a run's entry names: an entry is a method's id, or {@code ID/LABEL} for one of several
     * settings of the same method in one run (e.g. {@code neggrad+/fast}), each timed against the same retrains.
     */
    public static String methodId(String entry) {
        int slash = entry.indexOf('/');
        return slash < 0 ? entry : entry.substring(0, slash);
    }

    /** The methods with default settings, in {@link UnlearningMethod} order. */
    public static Map<String, Map<String, String>> allMethods() {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        for (UnlearningMethod m : UnlearningMethod.values()) {
            out.put(m.id(), Map.of());
        }
        return out;
    }
}
