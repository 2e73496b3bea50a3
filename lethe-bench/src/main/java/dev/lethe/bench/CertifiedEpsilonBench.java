package dev.lethe.bench;

import dev.lethe.audit.RepeatedRuns;
import dev.lethe.audit.attack.Workers;
import dev.lethe.audit.metrics.EpsilonLowerBound;
import dev.lethe.audit.metrics.ForgettingQuality;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.IdxReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Transforms;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts the certified logistic family's claim to the test (a benchmark main, not a test): R times,
 * train on half the data and forget 10 random training records, and retrain without them, and
 * estimate the per-example ε of the forget from the R pairs of outputs, next to the certified ε.
 *
 * <p>Three figures per setting: the audit's point estimate (the median over the forgotten records
 * of {@link ForgettingQuality}'s best-attack ε); the same
 * estimator between two independent sets of <em>retrained</em> models, which is its noise floor
 * (the true ε there is 0); and {@link EpsilonLowerBound}'s bound, which holds for all forgotten
 * records together with 95% confidence. A lower bound above the certified ε would contradict the
 * certificate; a point estimate above it, when the noise floor is as high, does not. No attack can
 * prove an upper bound, so the interval a measurement gives is [lower bound, ∞).
 *
 * <pre>java -cp … dev.lethe.bench.CertifiedEpsilonBench DATA_DIR spam|mnist38 defaults|readme|unperturbed [runs=64] [rows=0] [threads=2] [seed=1]</pre>
 * {@code rows} &gt; 0 trains on that many rows of the half (MNIST's 784 features make each fit seconds).
 */
public final class CertifiedEpsilonBench {

    private static final int FORGET = 10;
    private static final double ALPHA = 0.05;

    private CertifiedEpsilonBench() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: CertifiedEpsilonBench DATA_DIR spam|mnist38 defaults|readme|unperturbed [runs=64] [rows=0] [threads=2] [seed=1]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String data = args[1];
        boolean readme = args[2].equals("readme");
        boolean unperturbed = args[2].equals("unperturbed");
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int rows = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;

        Dataset all = load(dir, data, readme);
        Dataset train = all.split(0.5, seed).first();
        if (rows > 0 && rows < train.size()) {
            train = train.split((double) rows / train.size(), seed + 1).first();
        }
        Map<String, String> settings = readme ? Map.of("sigma", "10", "lambda", "1e-3", "prepare", "none", "bound", "fast")
                : unperturbed ? Map.of("epsilon", "Infinity") : Map.of();
        ModelFamily family = ModelFamilies.byName("logistic");
        long[] ids = train.shuffle(seed + 2).recordIds();
        Set<Long> forget = new TreeSet<>();
        for (int i = 0; i < FORGET; i++) {
            forget.add(ids[i]);
        }
        UnlearnableModel probe = family.learner(settings, seed).fit(train);
        ForgetReceipt receipt = probe.forget(new ForgetRequest.Records(new TreeSet<>(forget)));

        long start = System.nanoTime();
        RepeatedRuns.Samples samples;
        try (Workers workers = new Workers(threads)) {
            samples = RepeatedRuns.sample(s -> family.learner(settings, s), train, forget, Set.of(), runs, true, seed, workers);
        }
        double[][] neverForgot = samples.neverForgot();
        double seconds = (System.nanoTime() - start) / 1e9;
        double delta = delta(receipt);
        ForgettingQuality.Result quality = samples.score(delta);
        double point = quality.medianEpsilon();
        double floor = ForgettingQuality.score(samples.retrainedAgain(), samples.retrained(), delta).medianEpsilon();
        double lower = EpsilonLowerBound.max(samples.unlearned(), samples.retrained(), delta, ALPHA);
        double nullLower = EpsilonLowerBound.max(samples.retrainedAgain(), samples.retrained(), delta, ALPHA);
        double controlPoint = ForgettingQuality.score(neverForgot, samples.retrained(), delta).medianEpsilon();
        double controlLower = EpsilonLowerBound.max(neverForgot, samples.retrained(), delta, ALPHA);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("settings", readme ? "readme (sigma=10, lambda=1e-3, prepare=none, bound=fast; data "
                + (data.equals("spam") ? "log1p-standardised, " : "") + "unit rows)"
                : unperturbed ? "epsilon=Infinity (no perturbation: the positive control)" : "defaults");
        out.put("train_rows", train.size());
        out.put("forgotten", FORGET);
        out.put("runs", runs);
        out.put("guarantee", receipt.guarantee().toString());
        out.put("retrained_on_forget", receipt.details().containsKey("retrained"));
        out.put("point_epsilon_median", round(point));
        out.put("null_epsilon_median", round(floor));
        out.put("epsilon_lower_bound_95", round(lower));
        out.put("null_epsilon_lower_bound_95", round(nullLower));
        out.put("control_never_forgot_point_epsilon_median", round(controlPoint));
        out.put("control_never_forgot_lower_bound_95", round(controlLower));
        out.put("forgetting_quality", round(quality.quality()));
        out.put("seconds", round(seconds));
        try {
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(out));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dataset load(Path dir, String data, boolean readme) {
        Dataset d = switch (data) {
            case "spam" -> DatasetReader.read(dir.resolve("kernlab_spam.csv.gz"), ReadOptions.label("type")).dataset();
            case "mnist38" -> Transforms.onlyClasses(IdxReader.read(dir.resolve("mnist")).dataset(), List.of("3", "8"));
            default -> throw new IllegalArgumentException("unknown data " + data + ": expected spam or mnist38");
        };
        if (!readme) {
            return d;
        }
        return data.equals("spam") ? Transforms.unitRows(Transforms.log1pStandardised(d)) : Transforms.unitRows(d);
    }

    private static double delta(ForgetReceipt receipt) {
        return receipt.guarantee() instanceof dev.lethe.model.Guarantee.Certified c ? c.delta() : 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
