package dev.lethe.math;

/** Sums of exponentials without overflow: {@code log Σ exp(t_i)} shifted by the largest term. */
public final class LogSpace {

    private LogSpace() {
    }

    /** {@code log Σ_i exp(terms[i])}; −∞ for no terms. */
    public static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }
}
