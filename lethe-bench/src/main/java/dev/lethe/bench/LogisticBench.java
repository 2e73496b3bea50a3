package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.models.linear.LogisticLearner;
import dev.lethe.models.linear.LogisticModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * End-to-end benchmark of the {@code logistic} family on MNIST 3 vs 8 and Spam
 * ({@link LogisticBenchData} says how they are prepared):
 * <ol>
 *   <li>speed: single-record certified removal p50 against refitting from scratch, in one run
 *       ({@link ForgetBenchmark}, wall clock), and the same in thread CPU time, which a shared,
 *       overloaded machine distorts much less;</li>
 *   <li>budget: for (ε = 1, δ = 1e-5) and several noise levels σ, how many sequential single-record
 *       removals fit in the budget, and test accuracy against the unperturbed model (the trade-off
 *       of Guo et al., ICML 2020, Figs. 1–2);</li>
 *   <li>feature unlearning (Warnecke et al., NDSS 2023): forgetting the most heavily weighted
 *       feature by the second- and first-order updates, against retraining without it;</li>
 *   <li>label repair: 5% of training labels flipped, then corrected by one relabel request, against
 *       retraining on the corrected data.</li>
 * </ol>
 * Usage: {@code LogisticBench [--data mnist,spam] [--sections speed,budget,feature,label] [--lambda 1e-3]
 * [--sigmas 0.1,1,10] [--speed-sigma 10] [--forgets 300] [--cap 5000] [--refinements 8] [--bound tight|fast] [--datasets data]}.
 * Timings are medians of one run on a shared machine.
 */
public final class LogisticBench {

    private LogisticBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = arguments(args);
        Path datasets = Path.of(a.getOrDefault("datasets", "data"));
        double lambda = Double.parseDouble(a.getOrDefault("lambda", "1e-3"));
        double[] sigmas = Arrays.stream(a.getOrDefault("sigmas", "0.1,1,10").split(",")).mapToDouble(Double::parseDouble).toArray();
        double speedSigma = Double.parseDouble(a.getOrDefault("speed-sigma", "10"));
        int forgets = Integer.parseInt(a.getOrDefault("forgets", "300"));
        int cap = Integer.parseInt(a.getOrDefault("cap", "5000"));
        List<String> sections = List.of(a.getOrDefault("sections", "speed,budget,feature,label").split(","));
        refinements = Integer.parseInt(a.getOrDefault("refinements", "8"));
        bound = LogisticLearner.Bound.valueOf(a.getOrDefault("bound", "tight").toUpperCase(Locale.ROOT));
        for (String name : a.getOrDefault("data", "mnist,spam").split(",")) {
            LogisticBenchData.TrainTest data = name.equals("mnist") ? LogisticBenchData.mnist(datasets)
                    : LogisticBenchData.spam(datasets);
            System.out.printf(Locale.ROOT, "%n== %s: %d train × %d features, %d test; λ = %g, at most %d refinements, bound %s%n",
                    data.name(), data.train().size(), data.train().numFeatures(), data.test().size(), lambda, refinements,
                    bound.name().toLowerCase(Locale.ROOT));
            if (sections.contains("speed")) {
                speed(data, lambda, speedSigma, forgets);
            }
            if (sections.contains("budget")) {
                budget(data, lambda, sigmas, cap);
            }
            if (sections.contains("feature")) {
                feature(data, lambda);
            }
            if (sections.contains("label")) {
                labels(data, lambda);
            }
        }
    }

    /** Passes over the data at most per removal ({@code --refinements}, the learner's option). */
    private static int refinements = 8;

    /** The removal bound ({@code --bound tight|fast}, the learner's option). */
    private static LogisticLearner.Bound bound = LogisticLearner.Bound.TIGHT;

    private static LogisticLearner.Options options(double lambda, double sigma) {
        // the data is prepared by LogisticBenchData, so the model's own preparation is off
        return LogisticLearner.Options.defaults().withLambda(lambda).withSigma(sigma).withRefinements(refinements)
                .withBound(bound).withPrepare(LogisticLearner.Preparation.NONE);
    }

    private static void speed(LogisticBenchData.TrainTest data, double lambda, double sigma, int forgets) {
        ModelFamily family = ModelFamilies.byName("logistic");
        Map<String, String> settings = options(lambda, sigma).toSettings();
        int warmup = Math.min(100, data.train().size() / 10);
        BenchResult r = ForgetBenchmark.run(family, settings, data.train(), new ForgetBenchmark.Plan(warmup, forgets, 3, 42),
                m -> { });
        System.out.printf(Locale.ROOT, "speed, wall clock (ε=1, δ=1e-5, σ=%g, policy retrain): %s%n", sigma, r.toMap());
        cpuSpeed(data, lambda, sigma, forgets, warmup);
    }

    /**
     * The same comparison in thread CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime}), which a
     * machine shared with other busy processes distorts much less than wall-clock time.
     */
    private static void cpuSpeed(LogisticBenchData.TrainTest data, double lambda, double sigma, int forgets, int warmup) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LogisticLearner learner = new LogisticLearner(options(lambda, sigma), 42);
        LogisticModel model = learner.fit(data.train());
        long[] ids = data.train().shuffle(43).recordIds();
        int next = 0;
        for (int i = 0; i < warmup; i++) {
            model.forget(ForgetRequest.Records.of(ids[next++]));
        }
        long[] cpu = new long[forgets];
        int certified = 0;
        for (int i = 0; i < forgets; i++) {
            long start = threads.getCurrentThreadCpuTime();
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[next++]));
            cpu[i] = threads.getCurrentThreadCpuTime() - start;
            if (receipt.guarantee() instanceof dev.lethe.model.Guarantee.Certified) {
                certified++;
            }
        }
        Arrays.sort(cpu);
        Dataset remaining = model.history().applyTo(data.train());
        long[] refits = new long[3];
        for (int r = -1; r < refits.length; r++) {
            long start = threads.getCurrentThreadCpuTime();
            learner.fit(remaining);
            if (r >= 0) {
                refits[r] = threads.getCurrentThreadCpuTime() - start;
            }
        }
        Arrays.sort(refits);
        double p50 = cpu[cpu.length / 2] / 1e6;
        double mean = Arrays.stream(cpu).average().orElse(Double.NaN) / 1e6;
        double refit = refits[1] / 1e6;
        System.out.printf(Locale.ROOT, "speed, CPU time: forget p50 %.2f ms (mean %.2f, p99 %.2f), refit median %.0f ms, "
                        + "speedup %.0f× at p50 (%.0f× on the mean); %d of %d receipts CERTIFIED, %d budget retrains%n",
                p50, mean, cpu[(int) Math.ceil(0.99 * cpu.length) - 1] / 1e6, refit, refit / p50, refit / mean, certified,
                forgets, model.retrains());
    }

    private static void budget(LogisticBenchData.TrainTest data, double lambda, double[] sigmas, int cap) {
        LogisticModel plain = new LogisticLearner(options(lambda, 1).withEpsilon(Double.POSITIVE_INFINITY), 42).fit(data.train());
        double plainAccuracy = Evaluation.of(plain, data.test()).accuracy();
        System.out.printf(Locale.ROOT, "unperturbed (ε=∞) test accuracy %.4f%n", plainAccuracy);
        long[] ids = data.train().shuffle(42).recordIds();
        for (double sigma : sigmas) {
            LogisticLearner learner = new LogisticLearner(options(lambda, sigma).withPolicy(LogisticLearner.BudgetPolicy.REFUSE), 42);
            LogisticModel model = learner.fit(data.train());
            double before = Evaluation.of(model, data.test()).accuracy();
            int removed = 0;
            List<Double> steps = new ArrayList<>();
            int[] refinements = new int[10];
            long[] nanos = new long[Math.min(cap, ids.length - 1)];
            String stop = "cap " + cap;
            while (removed < nanos.length) {
                long start = System.nanoTime();
                try {
                    ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[removed]));
                    nanos[removed] = System.nanoTime() - start;
                    steps.add(Double.parseDouble(receipt.details().get("step_bound")));
                    refinements[Math.min(9, Integer.parseInt(receipt.details().get("refinements")))]++;
                    removed++;
                } catch (ForgetException e) {
                    stop = "budget";
                    break;
                }
            }
            long[] timed = Arrays.copyOf(nanos, removed);
            Arrays.sort(timed);
            double[] sortedSteps = steps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT,
                    "budget σ=%-6g ε'=%.4g: %d removals (stopped by %s); accuracy %.4f at training, %.4f after removals "
                            + "(unperturbed %.4f); step bound median %.3g, max %.3g; final bound %.4g vs measured residual %.4g; "
                            + "removal p50 %.2f ms; refinement passes histogram %s%n",
                    sigma, learner.options().budget(), removed, stop, before, Evaluation.of(model, data.test()).accuracy(), plainAccuracy,
                    sortedSteps.length == 0 ? Double.NaN : sortedSteps[sortedSteps.length / 2],
                    sortedSteps.length == 0 ? Double.NaN : sortedSteps[sortedSteps.length - 1],
                    model.residualBound(), model.measuredResidual(),
                    timed.length == 0 ? Double.NaN : timed[timed.length / 2] / 1e6, Arrays.toString(refinements));
        }
    }

    private static void feature(LogisticBenchData.TrainTest data, double lambda) {
        LogisticLearner.Options base = options(lambda, 1).withEpsilon(Double.POSITIVE_INFINITY);
        LogisticModel probe = new LogisticLearner(base, 42).fit(data.train());
        double[] w = probe.weights();
        int best = 0;
        for (int j = 1; j < data.train().numFeatures(); j++) {
            if (Math.abs(w[j + 1]) > Math.abs(w[best + 1])) {
                best = j;
            }
        }
        String name = data.train().schema().feature(best).name();
        long start = System.nanoTime();
        LogisticModel retrained = new LogisticLearner(base, 42).fit(data.train().withoutFeatures(List.of(name)));
        double retrainMs = (System.nanoTime() - start) / 1e6;
        System.out.printf(Locale.ROOT, "feature '%s' (largest |w|): retrain without it %.1f ms, accuracy %.4f (before %.4f)%n",
                name, retrainMs, Evaluation.of(retrained, data.test()).accuracy(), Evaluation.of(probe, data.test()).accuracy());
        for (LogisticLearner.Update update : LogisticLearner.Update.values()) {
            LogisticModel model = new LogisticLearner(base.withUpdate(update), 42).fit(data.train());
            ForgetReceipt receipt = model.forget(new ForgetRequest.Feature(name));
            double ms = receipt.elapsed().toNanos() / 1e6;
            System.out.printf(Locale.ROOT,
                    "  %-12s %.1f ms (speedup %.1f×), accuracy %.4f, agreement with retrained %.4f, %s, measured residual %s%n",
                    update, ms, retrainMs / ms, Evaluation.of(model, data.test()).accuracy(), Evaluation.agreement(model, retrained, data.test()),
                    receipt.guarantee(), receipt.details().get("measured_residual"));
        }
    }

    private static void labels(LogisticBenchData.TrainTest data, double lambda) {
        LogisticLearner.Options base = options(lambda, 1).withEpsilon(Double.POSITIVE_INFINITY);
        Dataset train = data.train();
        Random random = new Random(42);
        Map<Long, Double> flipped = new HashMap<>();
        Map<Long, String> corrections = new LinkedHashMap<>();
        List<String> classes = train.schema().classes();
        for (int i = 0; i < train.size(); i++) {
            if (random.nextDouble() < 0.05) {
                flipped.put(train.recordId(i), (double) (1 - train.label(i)));
                corrections.put(train.recordId(i), classes.get(train.label(i)));
            }
        }
        Dataset noisy = train.withTargets(flipped);
        long start = System.nanoTime();
        LogisticModel retrained = new LogisticLearner(base, 42).fit(train);
        double retrainMs = (System.nanoTime() - start) / 1e6;
        LogisticModel noisyModel = new LogisticLearner(base, 42).fit(noisy);
        System.out.printf(Locale.ROOT, "labels: %d of %d flipped (5%%); accuracy trained on flipped %.4f, retrained on corrected "
                        + "%.4f (%.1f ms)%n", flipped.size(), train.size(), Evaluation.of(noisyModel, data.test()).accuracy(),
                Evaluation.of(retrained, data.test()).accuracy(), retrainMs);
        for (LogisticLearner.Update update : LogisticLearner.Update.values()) {
            LogisticModel model = new LogisticLearner(base.withUpdate(update), 42).fit(noisy);
            ForgetReceipt receipt = model.forget(new ForgetRequest.Relabel(corrections));
            double ms = receipt.elapsed().toNanos() / 1e6;
            System.out.printf(Locale.ROOT,
                    "  %-12s %.1f ms (speedup %.1f×), accuracy %.4f, agreement with retrained %.4f, %s, measured residual %s%n",
                    update, ms, retrainMs / ms, Evaluation.of(model, data.test()).accuracy(), Evaluation.agreement(model, retrained, data.test()),
                    receipt.guarantee(), receipt.details().get("measured_residual"));
        }
    }

    private static Map<String, String> arguments(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
