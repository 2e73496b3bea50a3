package dev.lethe.math;

/**
 * Local Lipschitz constants of the logistic loss' curvature ℓ''(s) = σ(s)(1 − σ(s)). Its derivative
 * ℓ'''(s) = σ(1−σ)(1−2σ) is odd, and |ℓ'''| rises from 0 at s = 0 to its maximum √3/18 at
 * s = ±ln(2 + √3) and then decays like e^{−|s|}. On an interval [lo, hi] the largest |ℓ'''| is
 * therefore √3/18 if the interval holds ±ln(2 + √3), and otherwise the larger of its values at
 * the two ends. A row whose score stays far from the decision boundary has a tiny constant, which
 * makes Guo et al.'s data-dependent bound much tighter than the global γ = 1/4 of their paper.
 */
public final class LogisticCurvature {

    /** The global Lipschitz constant of ℓ'' = σ(1−σ): max |ℓ‴| = max |σ(1−σ)(1−2σ)| = √3/18. */
    public static final double GAMMA = Math.sqrt(3) / 18;

    /** Where |ℓ'''| peaks: ln(2 + √3). */
    public static final double PEAK = Math.log(2 + Math.sqrt(3));

    private LogisticCurvature() {
    }

    public static double third(double s) {
        double p = LogisticObjective.sigmoid(s);
        return Math.abs(p * (1 - p) * (1 - 2 * p));
    }

    /** max |ℓ‴(s)| over lo ≤ s ≤ hi: a Lipschitz constant of ℓ'' there. */
    public static double lipschitz(double lo, double hi) {
        return lipschitz(lo, hi, third(lo), third(hi));
    }

    /** As {@link #lipschitz(double, double)} with |ℓ‴| at the two ends already known. */
    public static double lipschitz(double lo, double hi, double thirdAtOneEnd, double thirdAtOtherEnd) {
        if ((lo <= PEAK && PEAK <= hi) || (lo <= -PEAK && -PEAK <= hi)) {
            return GAMMA;
        }
        return Math.max(thirdAtOneEnd, thirdAtOtherEnd);
    }
}
