package dev.lethe.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The exact samplers against their laws: 200,000 draws from a seeded {@code SHA1PRNG}, a chi-square
 * test at the 0.1% level over the central values (tails merged), and the first two moments.
 */
class SamplersTest {

    private static final int N = 200_000;

    @Test
    void bernoulliExpHasProbabilityExpMinusGamma() {
        ExactRandom random = SamplerLaws.seeded(1);
        for (long[] g : new long[][] {{3, 10}, {5, 2}, {0, 1}}) {
            int hits = 0;
            for (int i = 0; i < N; i++) {
                hits += random.bernoulliExp(BigInteger.valueOf(g[0]), BigInteger.valueOf(g[1])) ? 1 : 0;
            }
            double p = Math.exp(-(double) g[0] / g[1]);
            double sd = Math.sqrt(p * (1 - p) / N);
            assertThat((double) hits / N).isCloseTo(p, within(4 * sd + 1e-12));
        }
    }

    @Test
    void discreteLaplaceFollowsItsLaw() {
        DiscreteLaplace laplace = new DiscreteLaplace(SamplerLaws.seeded(2));
        Rational scale = Rational.of(7, 3);
        double b = 7 / 3.0;
        long[] draws = new long[N];
        for (int i = 0; i < N; i++) {
            draws[i] = laplace.sample(scale).longValueExact();
        }
        int range = 10;
        double chi = SamplerLaws.chiSquare(SamplerLaws.histogram(draws, range), range, N, x -> DiscreteLaplace.probability(x, b));
        assertThat(chi).isLessThan(SamplerLaws.critical(2 * range));
        assertMoments(draws, DiscreteLaplace.variance(b));
    }

    @Test
    void discreteGaussianFollowsItsLaw() {
        DiscreteGaussian gaussian = new DiscreteGaussian(SamplerLaws.seeded(3));
        Rational sigma2 = Rational.of(9, 2);
        double s2 = 4.5;
        double norm = 0;
        double var = 0;
        for (int x = -200; x <= 200; x++) {
            norm += Math.exp(-x * (double) x / (2 * s2));
            var += x * (double) x * Math.exp(-x * (double) x / (2 * s2));
        }
        double z = norm;
        long[] draws = new long[N];
        for (int i = 0; i < N; i++) {
            draws[i] = gaussian.sample(sigma2).longValueExact();
        }
        int range = 7;
        double chi = SamplerLaws.chiSquare(SamplerLaws.histogram(draws, range), range, N, x -> Math.exp(-x * (double) x / (2 * s2)) / z);
        assertThat(chi).isLessThan(SamplerLaws.critical(2 * range));
        assertMoments(draws, var / norm);
    }

    @Test
    void aWrongLawIsRejectedByTheSameTest() {
        DiscreteLaplace laplace = new DiscreteLaplace(SamplerLaws.seeded(4));
        long[] draws = new long[N];
        for (int i = 0; i < N; i++) {
            draws[i] = laplace.sample(Rational.of(5, 2)).longValueExact();
        }
        double chi = SamplerLaws.chiSquare(SamplerLaws.histogram(draws, 10), 10, N, x -> DiscreteLaplace.probability(x, 7 / 3.0));
        assertThat(chi).isGreaterThan(SamplerLaws.critical(20));
    }

    @Test
    void tailBoundsCoverTheirShare() {
        DiscreteLaplace laplace = new DiscreteLaplace(SamplerLaws.seeded(5));
        long m = DiscreteLaplace.tailBound(4, 0.05);
        assertThat(2 * Math.exp(-(m + 1) / 4.0) / (1 + Math.exp(-1 / 4.0))).isLessThanOrEqualTo(0.05);
        assertThat(2 * Math.exp(-m / 4.0) / (1 + Math.exp(-1 / 4.0))).isGreaterThan(0.05);
        int outside = 0;
        for (int i = 0; i < 20_000; i++) {
            outside += laplace.sample(Rational.of(4, 1)).abs().longValueExact() > m ? 1 : 0;
        }
        assertThat(outside / 20_000.0).isLessThan(0.06);
        DiscreteGaussian gaussian = new DiscreteGaussian(SamplerLaws.seeded(6));
        long g = DiscreteGaussian.tailBound(16, 0.05);
        outside = 0;
        for (int i = 0; i < 20_000; i++) {
            outside += gaussian.sample(Rational.of(16, 1)).abs().longValueExact() > g ? 1 : 0;
        }
        assertThat(outside / 20_000.0).isLessThan(0.05);
    }

    @Test
    void rationalsOfDoublesAreExact() {
        assertThat(Rational.of(0.1)).isEqualTo(new Rational(new java.math.BigDecimal(0.1).unscaledValue(),
                BigInteger.TEN.pow(new java.math.BigDecimal(0.1).scale())));
        assertThat(Rational.of(2.5)).isEqualTo(Rational.of(5, 2));
    }

    private static void assertMoments(long[] draws, double variance) {
        double sum = 0;
        double sq = 0;
        for (long x : draws) {
            sum += x;
            sq += x * (double) x;
        }
        double mean = sum / draws.length;
        assertThat(mean).isCloseTo(0, within(5 * Math.sqrt(variance / draws.length)));
        assertThat(sq / draws.length).isCloseTo(variance, within(0.02 * variance));
    }
}
