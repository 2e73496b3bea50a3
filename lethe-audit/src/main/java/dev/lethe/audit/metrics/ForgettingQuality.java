package dev.lethe.audit.metrics;

import java.util.Arrays;

/**
 * The forgetting-quality score of the NeurIPS 2023 Machine Unlearning Challenge (Triantafillou et al.,
 * "Are we making progress in unlearning?", 2024), computed from repeated runs.
 *
 * <p>For each forgotten example we hold one attack statistic per run of the <em>unlearned</em> model
 * (trained on D, then made to forget S) and per run of the <em>retrained</em> model (trained on D \ S),
 * each run with its own seed. Every threshold on that statistic, in both directions, is an attack
 * that tries to tell the two populations apart; its false-positive and false-negative rates bound the
 * privacy loss of an (ε, δ) guarantee:
 * <pre>ε = max over attacks of max( log((1 − δ − FPR) / FNR), log((1 − δ − FNR) / FPR) ).</pre>
 * The challenge then buckets ε into bins of width 0.5 and scores bin n (n = 1, 2, …) with 2 / 2ⁿ, so
 * ε &lt; 0.5 scores 1, ε in [0.5, 1) scores 0.5, and so on; the forgetting quality is the mean score
 * over the forget set. A method indistinguishable from retraining scores 1.
 *
 * <p>With R runs a rate can be 0, which would make ε infinite; like any finite-sample estimate we
 * floor each rate at 1 / (2R) — stated here because it caps the largest measurable ε at about
 * log(2R).
 */
public final class ForgettingQuality {

    /** Width of an ε bin, as in the challenge. */
    public static final double BIN_WIDTH = 0.5;

    private ForgettingQuality() {
    }

    /** Per-example ε and the overall score. */
    public record Result(double[] epsilons, double[] scores, double quality, double delta, int runs) {
        public double medianEpsilon() {
            double[] e = epsilons.clone();
            Arrays.sort(e);
            return e.length == 0 ? 0 : e[e.length / 2];
        }
    }

    /**
     * @param unlearned {@code unlearned[i][r]}: the statistic of forget example i under unlearned run r
     * @param retrained {@code retrained[i][r]}: the same under retrained run r
     * @param delta     the δ of the guarantee, in [0, 1)
     */
    public static Result score(double[][] unlearned, double[][] retrained, double delta) {
        if (unlearned.length != retrained.length) {
            throw new IllegalArgumentException("expected the same forget examples for both models, got "
                    + unlearned.length + " and " + retrained.length);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("δ must lie in [0, 1), got " + delta);
        }
        int n = unlearned.length;
        double[] eps = new double[n];
        double[] scores = new double[n];
        double sum = 0;
        int runs = 0;
        for (int i = 0; i < n; i++) {
            eps[i] = epsilon(unlearned[i], retrained[i], delta);
            scores[i] = binScore(eps[i]);
            sum += scores[i];
            runs = Math.max(runs, Math.min(unlearned[i].length, retrained[i].length));
        }
        return new Result(eps, scores, n == 0 ? 1 : sum / n, delta, runs);
    }

    /** The score of the ε bin: 2 / 2ⁿ for bin n = floor(ε / 0.5) + 1. */
    public static double binScore(double epsilon) {
        int n = (int) Math.min(1000, Math.floor(Math.max(0, epsilon) / BIN_WIDTH)) + 1;
        return 2.0 / Math.pow(2, n);
    }

    /** Per-example ε from the two samples of the statistic (see the class comment). */
    public static double epsilon(double[] unlearned, double[] retrained, double delta) {
        if (unlearned.length == 0 || retrained.length == 0) {
            throw new IllegalArgumentException("need at least one run of each model");
        }
        double[] u = unlearned.clone();
        double[] r = retrained.clone();
        Arrays.sort(u);
        Arrays.sort(r);
        double floorU = 1.0 / (2 * u.length);
        double floorR = 1.0 / (2 * r.length);
        double[] thresholds = new double[u.length + r.length + 1];
        System.arraycopy(u, 0, thresholds, 0, u.length);
        System.arraycopy(r, 0, thresholds, u.length, r.length);
        thresholds[thresholds.length - 1] = Double.POSITIVE_INFINITY;
        double best = 0;
        for (double t : thresholds) {
            // attack "unlearned if statistic >= t": positives are unlearned runs
            double tpr = fractionAtLeast(u, t);
            double fpr = Math.max(floorR, fractionAtLeast(r, t));
            double fnr = Math.max(floorU, 1 - tpr);
            best = Math.max(best, bound(fpr, fnr, delta));
            // the opposite direction: "unlearned if statistic < t"
            double tpr2 = 1 - fractionAtLeast(u, t);
            double fpr2 = Math.max(floorR, 1 - fractionAtLeast(r, t));
            double fnr2 = Math.max(floorU, 1 - tpr2);
            best = Math.max(best, bound(fpr2, fnr2, delta));
        }
        return best;
    }

    /** The ε an attack with these (positive) error rates proves against an (ε, δ) guarantee; at least 0. */
    static double bound(double fpr, double fnr, double delta) {
        double a = (1 - delta - fpr) / fnr;
        double b = (1 - delta - fnr) / fpr;
        double e = Math.max(a > 0 ? Math.log(a) : 0, b > 0 ? Math.log(b) : 0);
        return Math.max(0, e);
    }

    private static double fractionAtLeast(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) (sorted.length - lo) / sorted.length;
    }
}
