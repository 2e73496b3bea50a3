package dev.lethe.privacy.dp;

import java.math.BigInteger;

/**
 * The discrete Laplace law on the integers, {@code P(x) ∝ exp(−|x|/b)}, sampled exactly for a
 * rational scale b = t/s by Algorithm 2 of Canonne, Kamath, Steinke (NeurIPS 2020). Adding it to an
 * integer query of L1 sensitivity Δ with b = Δ/ε gives ε-DP without the floating-point attacks on the
 * textbook Laplace mechanism (Mironov, CCS 2012).
 */
public final class DiscreteLaplace {

    private final ExactRandom random;

    public DiscreteLaplace(ExactRandom random) {
        this.random = random;
    }

    /** One draw with scale b > 0. */
    public BigInteger sample(Rational scale) {
        if (scale.numerator().signum() == 0) {
            throw new IllegalArgumentException("the discrete Laplace scale must be positive");
        }
        BigInteger t = scale.numerator();
        BigInteger s = scale.denominator();
        while (true) {
            BigInteger u = random.uniformBelow(t);
            if (!random.bernoulliExp(u, t)) {
                continue;
            }
            BigInteger v = BigInteger.ZERO;
            while (random.bernoulliExp(BigInteger.ONE, BigInteger.ONE)) {
                v = v.add(BigInteger.ONE);
            }
            BigInteger y = u.add(t.multiply(v)).divide(s);
            boolean negative = random.bernoulli(BigInteger.ONE, BigInteger.TWO);
            if (negative && y.signum() == 0) {
                continue;
            }
            return negative ? y.negate() : y;
        }
    }

    /** The exact probability of x at scale b: {@code tanh(1/(2b))·exp(−|x|/b)}. */
    public static double probability(long x, double scale) {
        return Math.tanh(1 / (2 * scale)) * Math.exp(-Math.abs(x) / scale);
    }

    /** The variance at scale b: {@code 2e^{−1/b} / (1 − e^{−1/b})²}. */
    public static double variance(double scale) {
        double r = Math.exp(-1 / scale);
        return 2 * r / ((1 - r) * (1 - r));
    }

    /**
     * The smallest m ≥ 0 with {@code P(|X| > m) ≤ alpha}: {@code P(|X| ≥ m+1) = 2e^{−(m+1)/b}/(1+e^{−1/b})}.
     * An interval of ±m around a noisy value covers the true value with probability ≥ 1 − alpha.
     */
    public static long tailBound(double scale, double alpha) {
        double m = scale * Math.log(2 / (alpha * (1 + Math.exp(-1 / scale)))) - 1;
        return Math.max(0, (long) Math.ceil(m));
    }
}
