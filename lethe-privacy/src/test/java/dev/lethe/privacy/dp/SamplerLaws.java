package dev.lethe.privacy.dp;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.LongToDoubleFunction;

/** Helpers for the samplers' statistical tests: a seeded source and a chi-square statistic. */
final class SamplerLaws {

    private SamplerLaws() {
    }

    /** A {@code SHA1PRNG} seeded before its first use: the same draws on every run. */
    static ExactRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return new ExactRandom(r);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts of the values −range…range plus the two tails merged into the outermost cells. */
    static long[] histogram(long[] draws, int range) {
        long[] cells = new long[2 * range + 1];
        for (long x : draws) {
            cells[(int) (Math.max(-range, Math.min(range, x)) + range)]++;
        }
        return cells;
    }

    /** Pearson's chi-square of the histogram against the law (tails merged the same way). */
    static double chiSquare(long[] cells, int range, long n, LongToDoubleFunction probability) {
        double chi = 0;
        double inner = 0;
        for (int x = -range + 1; x < range; x++) {
            inner += probability.applyAsDouble(x);
        }
        double tail = (1 - inner) / 2;
        for (int i = 0; i < cells.length; i++) {
            long x = i - range;
            double p = x == -range || x == range ? tail : probability.applyAsDouble(x);
            double expected = p * n;
            chi += (cells[i] - expected) * (cells[i] - expected) / expected;
        }
        return chi;
    }

    /** The 0.999 quantile of chi-square with df degrees of freedom (Wilson–Hilferty). */
    static double critical(int df) {
        double z = 3.090;
        double a = 2.0 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }
}
