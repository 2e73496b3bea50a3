package dev.lethe.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpsilonLowerBoundTest {

    @Test
    void clopperPearsonWithNoEventsIsTheClosedForm() {
        // P(no event in n trials) = (1 − p)ⁿ = α at the upper bound p
        for (int n : new int[] {5, 32, 200}) {
            assertThat(EpsilonLowerBound.upper(0, n, 0.05)).isCloseTo(1 - Math.pow(0.05, 1.0 / n), within(1e-9));
        }
        assertThat(EpsilonLowerBound.upper(10, 10, 0.05)).isEqualTo(1);
        assertThat(EpsilonLowerBound.upper(5, 20, 0.05)).isGreaterThan(0.25).isLessThan(0.5);
    }

    @Test
    void twoSamplesOfOneDistributionRarelyShowAnyEpsilonWhileThePointEstimateAlwaysDoes() {
        SplittableRandom random = new SplittableRandom(7);
        int trials = 200;
        int falseAlarms = 0;
        double pointSum = 0;
        for (int t = 0; t < trials; t++) {
            double[] a = gaussians(random, 64, 0);
            double[] b = gaussians(random, 64, 0);
            falseAlarms += EpsilonLowerBound.of(a, b, 1e-5, 0.05) > 0 ? 1 : 0;
            pointSum += ForgettingQuality.epsilon(a, b, 1e-5);
        }
        // the bound is wrong with probability at most α = 5%: allow sampling noise up to 10%
        assertThat(falseAlarms).isLessThanOrEqualTo(trials / 10);
        // while the best-of-all-attacks point estimate sees an ε of about one in identical distributions
        assertThat(pointSum / trials).isGreaterThan(0.5);
    }

    @Test
    void aRandomisedResponsePairOfKnownEpsilonIsBoundedBelowItAndWellAboveZero() {
        // statistic 1 with probability p = e^ε / (1 + e^ε) under one model and 1 − p under the other:
        // exactly ε-indistinguishable (δ = 0), and the best threshold attack attains ε
        double epsilon = 3;
        double p = Math.exp(epsilon) / (1 + Math.exp(epsilon));
        SplittableRandom random = new SplittableRandom(11);
        double[] unlearned = new double[1024];
        double[] retrained = new double[1024];
        for (int i = 0; i < unlearned.length; i++) {
            unlearned[i] = random.nextDouble() < p ? 1 : 0;
            retrained[i] = random.nextDouble() < 1 - p ? 1 : 0;
        }
        double lower = EpsilonLowerBound.of(unlearned, retrained, 0, 0.05);
        assertThat(lower).isGreaterThan(1.5).isLessThanOrEqualTo(epsilon);
    }

    @Test
    void theMaximumOverExamplesUsesABonferroniShareOfAlpha() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] u = new double[10][];
        double[][] r = new double[10][];
        // distinguishable pairs, so every bound is positive and the share of α shows in it
        for (int i = 0; i < 10; i++) {
            u[i] = gaussians(random, 64, 3);
            r[i] = gaussians(random, 64, 0);
        }
        double max = EpsilonLowerBound.max(u, r, 1e-5, 0.05);
        double atFullAlpha = 0;
        double atShare = 0;
        for (int i = 0; i < 10; i++) {
            atFullAlpha = Math.max(atFullAlpha, EpsilonLowerBound.of(u[i], r[i], 1e-5, 0.05));
            atShare = Math.max(atShare, EpsilonLowerBound.of(u[i], r[i], 1e-5, 0.005));
        }
        assertThat(max).isGreaterThan(0).isLessThan(atFullAlpha).isEqualTo(atShare);
    }

    private static double[] gaussians(SplittableRandom random, int n, double mean) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            out[i] = mean + Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return out;
    }
}
