package dev.lethe.privacy.dp;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Exact random draws from a {@link SecureRandom}: uniform integers by rejection, Bernoulli(n/d) and
 * Bernoulli(exp(−n/d)) for rational parameters, with no floating point anywhere, so that no output
 * probability depends on rounding (Mironov, CCS 2012). The Bernoulli(exp(−γ)) draw is Algorithm 1 of
 * Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020).
 */
public final class ExactRandom {

    private final SecureRandom random;

    /** Draws from a fresh, self-seeded {@link SecureRandom}. */
    public ExactRandom() {
        this(new SecureRandom());
    }

    /** Draws from the given source (tests pass a seeded {@code SHA1PRNG} for reproducible runs). */
    public ExactRandom(SecureRandom random) {
        this.random = random;
    }

    /** A uniform integer in [0, n), n ≥ 1, by drawing n's bit length and rejecting values ≥ n. */
    public BigInteger uniformBelow(BigInteger n) {
        if (n.signum() <= 0) {
            throw new IllegalArgumentException("upper bound must be positive, got " + n);
        }
        int bits = n.bitLength();
        while (true) {
            BigInteger u = new BigInteger(bits, random);
            if (u.compareTo(n) < 0) {
                return u;
            }
        }
    }

    /** A uniform long in [0, n), n ≥ 1. */
    public long uniformBelow(long n) {
        return uniformBelow(BigInteger.valueOf(n)).longValueExact();
    }

    /** True with probability n/d exactly, 0 ≤ n ≤ d. */
    public boolean bernoulli(BigInteger n, BigInteger d) {
        return uniformBelow(d).compareTo(n) < 0;
    }

    /** True with probability exp(−n/d) exactly, for n ≥ 0 and d ≥ 1 (CKS 2020, Algorithm 1). */
    public boolean bernoulliExp(BigInteger n, BigInteger d) {
        if (n.signum() < 0 || d.signum() <= 0) {
            throw new IllegalArgumentException("exp(−n/d) needs n ≥ 0 and d > 0, got " + n + "/" + d);
        }
        BigInteger[] whole = n.divideAndRemainder(d);
        for (BigInteger i = BigInteger.ZERO; i.compareTo(whole[0]) < 0; i = i.add(BigInteger.ONE)) {
            if (!bernoulliExpAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(whole[1], d);
    }

    /** exp(−γ) for γ = n/d ∈ [0, 1]: the parity of the first K with no success in Bernoulli(γ/K) draws. */
    private boolean bernoulliExpAtMostOne(BigInteger n, BigInteger d) {
        BigInteger k = BigInteger.ONE;
        while (bernoulli(n, d.multiply(k))) {
            k = k.add(BigInteger.ONE);
        }
        return k.testBit(0);
    }
}
