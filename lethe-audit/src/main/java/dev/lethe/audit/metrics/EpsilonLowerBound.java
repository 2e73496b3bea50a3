package dev.lethe.audit.metrics;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * A lower confidence bound on the per-example ε of a forget, the figure that can contradict a
 * certificate. {@link ForgettingQuality}'s estimate takes the best of some 4R threshold attacks on the
 * same R runs it scores them with, so it is biased upwards (two samples of one distribution already
 * "show" an ε well above 0); it cannot tell a broken certificate from noise.
 *
 * <p>Here the runs are split in two halves: the first chooses the attack (threshold and direction,
 * as {@link ForgettingQuality} does), the second measures it, and the measured false-positive and
 * false-negative rates are replaced by their one-sided Clopper-Pearson upper bounds. Any
 * (ε, δ)-indistinguishable pair satisfies FPR + e^ε·FNR ≥ 1 − δ and FNR + e^ε·FPR ≥ 1 − δ (Kairouz,
 * Oh, Viswanath 2015), so with those upper bounds
 * <pre>ε ≥ max( log((1 − δ − FPR⁺) / FNR⁺), log((1 − δ − FNR⁺) / FPR⁺) )</pre>
 * holds with probability at least 1 − α. This is the auditing recipe of Jagielski, Ullman, Oprea
 * (NeurIPS 2020) and Nasr et al. (IEEE S&amp;P 2021) applied to unlearning.
 */
public final class EpsilonLowerBound {

    private EpsilonLowerBound() {
    }

    /**
     * The bound for one example.
     *
     * @param unlearned the statistic under each unlearned run
     * @param retrained the statistic under each retrained run (as many runs, at least 4)
     * @param delta     the δ of the guarantee
     * @param alpha     the chance the bound is wrong, in (0, 1)
     */
    public static double of(double[] unlearned, double[] retrained, double delta, double alpha) {
        if (unlearned.length < 4 || retrained.length < 4) {
            throw new IllegalArgumentException("need at least 4 runs of each model, got " + unlearned.length
                    + " and " + retrained.length);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("α must lie in (0, 1), got " + alpha);
        }
        double[][] u = halves(unlearned);
        double[][] r = halves(retrained);
        Attack attack = choose(u[0], r[0], delta);
        int falsePositives = 0;
        for (double x : r[1]) {
            falsePositives += attack.flags(x) ? 1 : 0;
        }
        int falseNegatives = 0;
        for (double x : u[1]) {
            falseNegatives += attack.flags(x) ? 0 : 1;
        }
        // two rates, one union bound: each upper bound holds with probability 1 − α/2
        double fpr = upper(falsePositives, r[1].length, alpha / 2);
        double fnr = upper(falseNegatives, u[1].length, alpha / 2);
        return ForgettingQuality.bound(fpr, fnr, delta);
    }

    /** The largest per-example bound over a forget set, each at α / m so that all hold together with 1 − α. */
    public static double max(double[][] unlearned, double[][] retrained, double delta, double alpha) {
        double best = 0;
        for (int i = 0; i < unlearned.length; i++) {
            best = Math.max(best, of(unlearned[i], retrained[i], delta, alpha / unlearned.length));
        }
        return best;
    }

    /** The one-sided Clopper-Pearson upper bound on a rate with {@code k} events in {@code n} trials. */
    public static double upper(int k, int n, double alpha) {
        if (k >= n) {
            return 1;
        }
        return new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - alpha);
    }

    /** "Unlearned" when the statistic is at least (or, reversed, below) the threshold. */
    private record Attack(double threshold, boolean atLeast) {
        boolean flags(double x) {
            return atLeast == (x >= threshold);
        }
    }

    /** The attack with the largest point estimate of ε on the selection half. */
    private static Attack choose(double[] u, double[] r, double delta) {
        double[] candidates = new double[u.length + r.length + 1];
        System.arraycopy(u, 0, candidates, 0, u.length);
        System.arraycopy(r, 0, candidates, u.length, r.length);
        candidates[candidates.length - 1] = Double.POSITIVE_INFINITY;
        Attack best = new Attack(Double.POSITIVE_INFINITY, true);
        double bestEpsilon = -1;
        for (double t : candidates) {
            for (boolean atLeast : new boolean[] {true, false}) {
                Attack a = new Attack(t, atLeast);
                double fpr = Math.max(0.5 / r.length, share(r, a));
                double fnr = Math.max(0.5 / u.length, 1 - share(u, a));
                double e = ForgettingQuality.bound(fpr, fnr, delta);
                if (e > bestEpsilon) {
                    bestEpsilon = e;
                    best = a;
                }
            }
        }
        return best;
    }

    private static double share(double[] xs, Attack a) {
        int k = 0;
        for (double x : xs) {
            k += a.flags(x) ? 1 : 0;
        }
        return (double) k / xs.length;
    }

    /** Even runs choose, odd runs measure: runs are exchangeable, so any fixed split is as good. */
    private static double[][] halves(double[] runs) {
        double[] select = new double[(runs.length + 1) / 2];
        double[] measure = new double[runs.length / 2];
        for (int i = 0; i < runs.length; i++) {
            if (i % 2 == 0) {
                select[i / 2] = runs[i];
            } else {
                measure[i / 2] = runs[i];
            }
        }
        return new double[][] {select, measure};
    }
}
