package dev.lethe.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private static double[] gaussian(Random r, int n, double mean) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() + mean;
        }
        return x;
    }

    @Test
    void theSameScoresGiveAZeroWidthIntervalAtZero() {
        Random r = new Random(1);
        double[] m = gaussian(r, 50, 0.5);
        double[] n = gaussian(r, 80, 0);
        ConfidenceInterval ci = Bootstrap.aucDifference(m, n, m, n, 200, 0.95, 7);
        assertThat(ci.estimate()).isZero();
        assertThat(ci.lower()).isZero();
        assertThat(ci.upper()).isZero();
    }

    @Test
    void aRealDifferenceExcludesZero() {
        Random r = new Random(2);
        double[] n = gaussian(r, 200, 0);
        double[] leaky = gaussian(r, 60, 2);
        double[] forgotten = gaussian(r, 60, 0);
        ConfidenceInterval ci = Bootstrap.aucDifference(leaky, n, forgotten, n, 500, 0.95, 7);
        assertThat(ci.estimate()).isGreaterThan(0.3);
        assertThat(ci.contains(0)).isFalse();
        assertThat(ci.lower()).isLessThanOrEqualTo(ci.estimate());
        assertThat(ci.upper()).isGreaterThanOrEqualTo(ci.estimate());
    }

    @Test
    void twoNoisyButEquivalentModelsUsuallyContainZero() {
        int contained = 0;
        for (int t = 0; t < 20; t++) {
            Random r = new Random(100 + t);
            double[] m = gaussian(r, 40, 0.3);
            double[] n = gaussian(r, 100, 0);
            double[] m2 = m.clone();
            double[] n2 = n.clone();
            for (int i = 0; i < m2.length; i++) {
                m2[i] += 0.3 * r.nextGaussian();
            }
            for (int i = 0; i < n2.length; i++) {
                n2[i] += 0.3 * r.nextGaussian();
            }
            contained += Bootstrap.aucDifference(m, n, m2, n2, 200, 0.95, t).contains(0) ? 1 : 0;
        }
        assertThat(contained).isGreaterThanOrEqualTo(16);
    }

    @Test
    void rejectsUnpairedInputsAndTooFewResamples() {
        assertThatThrownBy(() -> Bootstrap.aucDifference(new double[2], new double[2], new double[3], new double[2], 200, 0.95, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paired");
        assertThatThrownBy(() -> Bootstrap.aucDifference(new double[2], new double[2], new double[2], new double[2], 10, 0.95, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 10");
    }
}
