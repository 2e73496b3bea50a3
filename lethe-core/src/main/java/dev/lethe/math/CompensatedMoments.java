package dev.lethe.math;

/**
 * Mean and population variance from running {@link DoubleDouble} sums of x and x², for models that
 * keep decremental sufficient statistics (naive Bayes, class-conditional Gaussians).
 *
 * <p>The textbook formula (Σx² − (Σx)²/n)/n cancels catastrophically in double precision when the
 * mean is large against the spread (Chan, Golub and LeVeque, "Algorithms for computing the sample
 * variance", The American Statistician 37(3), 1983). Here it is evaluated as (n·Σx² − (Σx)²)/n² with
 * every product taken exactly (TwoProduct via {@link Math#fma}) into a double-double accumulator, so
 * the cancellation happens with about 106 bits to spare and only the final division rounds.
 *
 * <p>Sums that were downdated record by record carry a residue of order 2⁻¹⁰⁶ of the largest sum
 * they ever held. So that such a residue cannot masquerade as spread, one value has variance exactly
 * 0, and a variance smaller than {@link #NOISE} (2⁻⁸⁰ ≈ 8·10⁻²⁵) of the mean square, i.e. a
 * coefficient of variation below 10⁻¹², is returned as exactly 0. That leaves room for about 2²⁶
 * downdates per unit of shrinkage of the sums before a residue could exceed the threshold.
 */
public final class CompensatedMoments {

    /** Relative size (against the mean square) below which a variance is compensated-arithmetic noise. */
    public static final double NOISE = 0x1p-80;

    private CompensatedMoments() {
    }

    /** Σx / n rounded to a double, or 0 when {@code n} is 0. */
    public static double mean(DoubleDouble sum, long n) {
        return n == 0 ? 0 : (sum.hi() + sum.lo()) / n;
    }

    /**
     * The population variance (Σx² − (Σx)²/n)/n, never negative, 0 when {@code n} is at most 1 or
     * the spread is below {@link #NOISE} of the mean square.
     */
    public static double variance(DoubleDouble sum, DoubleDouble sumOfSquares, long n) {
        if (n <= 1) {
            return 0;
        }
        double count = n;
        double s1 = sum.hi();
        double s1lo = sum.lo();
        DoubleDouble scaled = new DoubleDouble();
        scaled.addProduct(count, sumOfSquares.hi());
        scaled.addProduct(count, sumOfSquares.lo());
        scaled.subtractProduct(s1, s1);
        scaled.subtractProduct(2 * s1, s1lo);
        scaled.subtractProduct(s1lo, s1lo);
        double nSquaredVariance = scaled.value();
        double scale = count * Math.abs(sumOfSquares.value());
        if (!(nSquaredVariance > NOISE * scale)) {
            return 0;
        }
        return nSquaredVariance / count / count;
    }
}
