package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Times forgetting one record at a time against refitting from scratch, in one run on one dataset.
 *
 * <p>Warm-up forgets (which let the JIT compile the forget path) run on a copy of the model read back
 * from its model file, so the measured model loses no record before timing; a warm-up of at most
 * {@value #SMALL_SHARE_PERCENT}% of the records (a neural SISA model needs one forget, and copying
 * it would double a large heap) runs on the measured model itself. {@code records_lost_before_timing}
 * says which: 0, or the warm-up's count. Then each of {@code forgets}
 * distinct random records is forgotten by its own request and timed with {@link System#nanoTime}
 * around {@link UnlearnableModel#forget}, receipt included; {@code timed_forgets_that_retrained} counts
 * the receipts that say the forget retrained the model ({@code retrained} in their details). Refits fit the same learner (same
 * settings, same seed) on the remaining data; the first is a warm-up. Medians, not means, because
 * shared machines are noisy.
 *
 * <p>When the family names a {@linkplain ModelFamily#monolithicBaseline monolithic baseline} (SISA: its
 * base learner on all the data), the refits are of that baseline, so {@code speedup} is the
 * monolithic retrain time over the forget p50. With a held-out test set the result also carries
 * {@code accuracy} (the forgetting model after all forgets) and, with a baseline,
 * {@code accuracy_monolithic} (the last refitted baseline), both on the test set.
 */
public final class ForgetBenchmark {

    /**
     * How many forgets and refits to run. Warm-up, on a copy of the model, stops at {@code warmupForgets}
     * forgets, after {@code warmupSeconds}, or when the copy holds only as many records as the timed
     * forgets need, whichever comes first: microsecond forgets need tens of thousands of calls before
     * the JIT has compiled them, while a forget that retrains a neural network needs none.
     */
    public record Plan(int warmupForgets, double warmupSeconds, int forgets, int refits, long seed) {
        public Plan {
            if (warmupForgets < 0 || !(warmupSeconds >= 0) || forgets < 1 || refits < 1) {
                throw new dev.lethe.model.OptionsException("need warm-up ≥ 0, forgets ≥ 1 and refits ≥ 1");
            }
        }

        public Plan(int warmupForgets, int forgets, int refits, long seed) {
            this(warmupForgets, Double.POSITIVE_INFINITY, forgets, refits, seed);
        }

        public static Plan defaults() {
            return new Plan(100_000, 3.0, 2000, 5, 42);
        }
    }

    /** A warm-up of at most this share of the records runs on the measured model instead of a copy. */
    static final int SMALL_SHARE_PERCENT = 1;

    private ForgetBenchmark() {
    }

    public static BenchResult run(ModelFamily family, Map<String, String> settings, Dataset data, Plan plan,
                                  Consumer<String> progress) {
        return run(family, settings, data, null, plan, progress);
    }

    /**
     * @param test held-out rows for accuracy (in the training data's schema), or {@code null}
     */
    public static BenchResult run(ModelFamily family, Map<String, String> settings, Dataset data, Dataset test, Plan plan,
                                  Consumer<String> progress) {
        if (plan.forgets() >= data.size()) {
            throw new dev.lethe.data.DataException("the data has " + data.size() + " rows; it needs more than "
                    + plan.forgets() + " for this many forgets");
        }
        var learner = family.learner(settings, plan.seed());
        Optional<Learner<?>> baseline = family.monolithicBaseline(settings, plan.seed());
        Learner<?> refitter = baseline.isPresent() ? baseline.get() : learner;
        progress.accept("fitting " + family.name() + " on " + data.size() + " rows");
        long fitStart = System.nanoTime();
        UnlearnableModel model = learner.fit(data);
        long fitNanos = System.nanoTime() - fitStart;

        long[] ids = data.shuffle(plan.seed()).recordIds();
        int warmups = warmUp(model, ids, plan, progress);
        int lostBeforeTiming = data.size() - model.history().applyTo(data).size();
        int next = 0;
        progress.accept("timing " + plan.forgets() + " single-record forgets");
        long[] nanos = new long[plan.forgets()];
        long totalNanos = 0;
        int retrained = 0;
        for (int i = 0; i < plan.forgets(); i++) {
            ForgetRequest request = ForgetRequest.Records.of(ids[next++]);
            long start = System.nanoTime();
            ForgetReceipt receipt = model.forget(request);
            nanos[i] = System.nanoTime() - start;
            retrained += receipt.details().containsKey("retrained") ? 1 : 0;
            totalNanos += nanos[i];
        }
        Arrays.sort(nanos);

        Dataset remaining = model.history().applyTo(data);
        long[] refits = new long[plan.refits()];
        UnlearnableModel refitted = null;
        String what = baseline.isPresent() ? "monolithic " + refitter.family() : family.name();
        for (int r = -1; r < plan.refits(); r++) {
            progress.accept("refitting " + what + " from scratch (" + (r + 2) + "/" + (plan.refits() + 1) + ")");
            long start = System.nanoTime();
            refitted = refitter.fit(remaining);
            long took = System.nanoTime() - start;
            if (r >= 0) {
                refits[r] = took;
            }
        }
        Arrays.sort(refits);
        double p50 = percentile(nanos, 0.50) / 1e3;
        double refitMillis = median(refits) / 1e6;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("warmup_forgets", warmups);
        extra.put("records_lost_before_timing", lostBeforeTiming);
        extra.put("timed_forgets_that_retrained", retrained);
        extra.put("fit_ms", round(fitNanos / 1e6));
        extra.put("forget_total_ms", round(totalNanos / 1e6));
        extra.put("refit_after_each_total_ms_est", round(refitMillis * plan.forgets()));
        if (baseline.isPresent()) {
            extra.put("refit_model", refitter.family());
        }
        if (test != null) {
            progress.accept("evaluating on " + test.size() + " held-out rows");
            extra.put("test_rows", test.size());
            extra.put(accuracyKey(model), round(headline(model, test)));
            if (baseline.isPresent()) {
                extra.put(accuracyKey(refitted) + "_monolithic", round(headline(refitted, test)));
            }
        }
        return new BenchResult(family.name(), data.size(), plan.forgets(), p50, percentile(nanos, 0.99) / 1e3,
                nanos[nanos.length - 1] / 1e3, refitMillis, refitMillis * 1e3 / p50, extra);
    }

    /**
     * Forgets records, last of the shuffled order first, until the plan's warm-up ends, and returns
     * how many: on copies of {@code model} (its model file read back), or, when the warm-up is at most
     * {@value #SMALL_SHARE_PERCENT}% of the records, on {@code model} itself. A copy can forget only
     * the records the timing will not use, so on small data the warm-up runs through as many fresh
     * copies as it needs: the JIT needs about a thousand calls whatever the size of the data.
     */
    private static int warmUp(UnlearnableModel model, long[] ids, Plan plan, Consumer<String> progress) {
        int perCopy = ids.length - 1 - plan.forgets();
        int limit = plan.warmupForgets();
        if (limit <= 0 || perCopy <= 0 || plan.warmupSeconds() <= 0) {
            return 0;
        }
        boolean small = limit <= perCopy && limit * 100L <= (long) SMALL_SHARE_PERCENT * ids.length;
        progress.accept("warming up on " + (small ? "the measured model (a small share of its records)" : "copies of the model")
                + " (at most " + limit + " forgets or " + plan.warmupSeconds() + " s)");
        byte[] file = small ? null : ModelFile.toBytes(model);
        long end = System.nanoTime() + (long) Math.min(Long.MAX_VALUE / 2.0, plan.warmupSeconds() * 1e9);
        int done = 0;
        UnlearnableModel copy = null;
        int onCopy = perCopy;
        while (done < limit && System.nanoTime() < end) {
            if (onCopy == perCopy) {
                copy = small ? model : ModelFile.fromBytes(file);
                onCopy = 0;
            }
            copy.forget(ForgetRequest.Records.of(ids[ids.length - 1 - onCopy]));
            onCopy++;
            done++;
        }
        return done;
    }

    private static String accuracyKey(UnlearnableModel model) {
        return model.schema().isClassification() ? "accuracy" : "r2";
    }

    private static double headline(UnlearnableModel model, Dataset test) {
        return Evaluation.of(model, test).headline();
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
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
