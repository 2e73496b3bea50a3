package dev.lethe.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ForgettingQualityTest {

    @Test
    void identicalOutputsGiveEpsilonZeroAndFullScore() {
        double[][] u = {{1, 2, 3, 4}, {0.5, 0.5, 0.5, 0.5}};
        ForgettingQuality.Result r = ForgettingQuality.score(u, u, 1e-3);
        assertThat(r.epsilons()).containsExactly(0.0, 0.0);
        assertThat(r.quality()).isEqualTo(1.0);
    }

    @Test
    void separatedOutputsHitTheFiniteSampleCap() {
        int runs = 16;
        double[] u = new double[runs];
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            u[i] = 10 + i;
            t[i] = -10 - i;
        }
        double eps = ForgettingQuality.epsilon(u, t, 0);
        // FPR and FNR are floored at 1/(2R): ε = log((1 − 1/32) / (1/32)) = log(31)
        assertThat(eps).isCloseTo(Math.log(31), within(1e-12));
        assertThat(ForgettingQuality.score(new double[][] {u}, new double[][] {t}, 0).quality())
                .isEqualTo(ForgettingQuality.binScore(Math.log(31)));
    }

    @Test
    void binScoresHalveEveryHalfEpsilon() {
        assertThat(ForgettingQuality.binScore(0)).isEqualTo(1.0);
        assertThat(ForgettingQuality.binScore(0.49)).isEqualTo(1.0);
        assertThat(ForgettingQuality.binScore(0.5)).isEqualTo(0.5);
        assertThat(ForgettingQuality.binScore(1.2)).isEqualTo(0.25);
    }

    @Property(tries = 100)
    void epsilonIsSymmetricAndNonNegative(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 3) double shift) {
        Random r = new Random(seed);
        double[] u = new double[12];
        double[] t = new double[12];
        for (int i = 0; i < 12; i++) {
            u[i] = r.nextGaussian() + shift;
            t[i] = r.nextGaussian();
        }
        double a = ForgettingQuality.epsilon(u, t, 0.01);
        assertThat(a).isGreaterThanOrEqualTo(0);
        assertThat(ForgettingQuality.epsilon(t, u, 0.01)).isCloseTo(a, within(1e-12));
    }

    @Test
    void largerShiftsGiveLargerEpsilon() {
        Random r = new Random(9);
        double[] base = new double[64];
        for (int i = 0; i < base.length; i++) {
            base[i] = r.nextGaussian();
        }
        double previous = -1;
        for (double shift : new double[] {0, 1, 3}) {
            double[] u = new double[64];
            for (int i = 0; i < 64; i++) {
                u[i] = r.nextGaussian() + shift;
            }
            double eps = ForgettingQuality.epsilon(u, base, 1e-3);
            assertThat(eps).isGreaterThan(previous);
            previous = eps;
        }
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> ForgettingQuality.score(new double[1][2], new double[2][2], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1 and 2");
        assertThatThrownBy(() -> ForgettingQuality.score(new double[1][2], new double[1][2], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("δ");
    }
}
