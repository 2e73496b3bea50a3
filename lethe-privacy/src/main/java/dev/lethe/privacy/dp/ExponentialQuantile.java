package dev.lethe.privacy.dp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A quantile by the exponential mechanism (McSherry, Talwar 2007; for quantiles Smith 2011) over
 * M + 1 evenly spaced candidates in [L, U], with utility {@code −|#{v ≤ c} − q·n|} whose sensitivity
 * is the rows one subject may hold. Sampled exactly: a uniform candidate is accepted with
 * probability {@code exp(−ε·(u_max − u(c))/(2Δ))}, drawn by {@link ExactRandom#bernoulliExp} from
 * exact rationals, so no floating-point weight decides the output.
 */
final class ExponentialQuantile {

    static final int CANDIDATES = 1000;

    private ExponentialQuantile() {
    }

    /** The index of the chosen candidate among 0..CANDIDATES for sorted clamped values. */
    static int choose(double[] sortedValues, double lower, double upper, Rational q, Rational epsilon, long sensitivity,
                      ExactRandom random) {
        int n = sortedValues.length;
        // utility × q.den as an integer: −|rank·qd − qn·n|
        BigInteger qn = q.numerator();
        BigInteger qd = q.denominator();
        BigInteger target = qn.multiply(BigInteger.valueOf(n));
        BigInteger[] loss = new BigInteger[CANDIDATES + 1];
        BigInteger best = null;
        for (int i = 0; i <= CANDIDATES; i++) {
            double c = candidate(i, lower, upper);
            int rank = upperBound(sortedValues, c);
            loss[i] = BigInteger.valueOf(rank).multiply(qd).subtract(target).abs();
            best = best == null || loss[i].compareTo(best) < 0 ? loss[i] : best;
        }
        // γ = ε·(loss − best)/(qd·2Δ)
        BigInteger den = epsilon.denominator().multiply(qd).multiply(BigInteger.valueOf(2 * sensitivity));
        while (true) {
            int i = (int) random.uniformBelow(CANDIDATES + 1);
            BigInteger num = epsilon.numerator().multiply(loss[i].subtract(best));
            if (random.bernoulliExp(num, den)) {
                return i;
            }
        }
    }

    static double candidate(int i, double lower, double upper) {
        return i == CANDIDATES ? upper : lower + (upper - lower) * i / CANDIDATES;
    }

    /** The rank error that holds with probability ≥ 1 − β: (2Δ/ε)(ln(M + 1) + ln(1/β)). */
    static double rankError(double epsilon, long sensitivity, double beta) {
        return 2 * sensitivity / epsilon * (Math.log(CANDIDATES + 1) + Math.log(1 / beta));
    }

    private static int upperBound(double[] sorted, double c) {
        int i = Arrays.binarySearch(sorted, c);
        if (i < 0) {
            return -i - 1;
        }
        while (i < sorted.length && sorted[i] == c) {
            i++;
        }
        return i;
    }
}
