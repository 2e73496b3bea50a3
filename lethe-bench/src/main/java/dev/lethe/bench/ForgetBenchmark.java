package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times forgetting one record at a time against refitting from scratch, in one run on one dataset.
 *
 * <p>After warm-up forgets (which let the JIT compile the forget path), each of {@code forgets}
 * distinct random records is forgotten by its own request and timed with {@link System#nanoTime}
 * around {@link UnlearnableModel#forget}, receipt included. Refits fit the same learner (same
 * settings, same seed) on the remaining data; the first is a warm-up. Medians, not means, because
 * shared machines are noisy.
 */
public final class ForgetBenchmark {

    /** How many forgets and refits to run. */
    public record Plan(int warmupForgets, int forgets, int refits, long seed) {
        public Plan {
            if (warmupForgets < 0 || forgets < 1 || refits < 1) {
                throw new IllegalArgumentException("need warm-up ≥ 0, forgets ≥ 1 and refits ≥ 1");
            }
        }

        public static Plan defaults() {
            return new Plan(5000, 2000, 5, 42);
        }
    }

    private ForgetBenchmark() {
    }

    public static BenchResult run(ModelFamily family, Map<String, String> settings, Dataset data, Plan plan,
                                  Consumer<String> progress) {
        if (plan.warmupForgets() + plan.forgets() >= data.size()) {
            throw new IllegalArgumentException("the data has " + data.size() + " rows; it needs more than "
                    + (plan.warmupForgets() + plan.forgets()) + " for this many forgets");
        }
        var learner = family.learner(settings, plan.seed());
        progress.accept("fitting " + family.name() + " on " + data.size() + " rows");
        UnlearnableModel model = learner.fit(data);

        long[] ids = data.shuffle(plan.seed()).recordIds();
        int next = 0;
        progress.accept("warming up with " + plan.warmupForgets() + " forgets");
        for (int i = 0; i < plan.warmupForgets(); i++) {
            model.forget(ForgetRequest.Records.of(ids[next++]));
        }
        progress.accept("timing " + plan.forgets() + " single-record forgets");
        long[] nanos = new long[plan.forgets()];
        for (int i = 0; i < plan.forgets(); i++) {
            ForgetRequest request = ForgetRequest.Records.of(ids[next++]);
            long start = System.nanoTime();
            model.forget(request);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);

        Dataset remaining = model.history().applyTo(data);
        long[] refits = new long[plan.refits()];
        for (int r = -1; r < plan.refits(); r++) {
            progress.accept("refitting from scratch (" + (r + 2) + "/" + (plan.refits() + 1) + ")");
            long start = System.nanoTime();
            learner.fit(remaining);
            long took = System.nanoTime() - start;
            if (r >= 0) {
                refits[r] = took;
            }
        }
        Arrays.sort(refits);
        double p50 = percentile(nanos, 0.50) / 1e3;
        double refitMillis = median(refits) / 1e6;
        return new BenchResult(family.name(), data.size(), plan.forgets(), p50, percentile(nanos, 0.99) / 1e3,
                nanos[nanos.length - 1] / 1e3, refitMillis, refitMillis * 1e3 / p50, new LinkedHashMap<>());
    }

    static double percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
