package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CholeskyTest {

    static double[] randomSpd(Random r, int d, int rows, double[][] data) {
        double[] a = new double[d * d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                data[i][j] = r.nextGaussian();
            }
            addOuter(a, data[i], d, 1);
        }
        for (int j = 0; j < d; j++) {
            a[j * d + j] += 0.5;
        }
        return a;
    }

    static void addOuter(double[] a, double[] x, int d, double sign) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] += sign * x[i] * x[j];
            }
        }
    }

    @Property(tries = 50)
    void updatesAndDowndatesMatchRefactorisation(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                 @ForAll @IntRange(min = 1, max = 12) int d) {
        Random r = new Random(seed);
        int rows = d + 5 + r.nextInt(20);
        double[][] data = new double[rows][d];
        double[] a = randomSpd(r, d, rows, data);
        Cholesky c = Cholesky.factor(a, d);
        // remove a few rows, add one back
        for (int i = 0; i < 3; i++) {
            assertThat(c.downdate(data[i], 1e-8)).isTrue();
            addOuter(a, data[i], d, -1);
        }
        c.update(data[0]);
        addOuter(a, data[0], d, 1);
        double[] expected = Cholesky.factor(a, d).factor();
        double[] actual = c.factor();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(expected[i]))));
        }
        double[] b = data[rows - 1];
        double[] x = c.solve(b);
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += a[i * d + j] * x[j];
            }
            assertThat(s).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-8 * (1 + Math.abs(b[i]))));
        }
    }

    @Property(tries = 20)
    void refusesADowndateThatLosesDefiniteness(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        int d = 3;
        double[] x = {r.nextGaussian() + 3, r.nextGaussian(), r.nextGaussian()};
        double[] a = new double[9];
        addOuter(a, x, d, 1);
        for (int j = 0; j < d; j++) {
            a[j * d + j] += 1e-6;
        }
        Cholesky c = Cholesky.factor(a, d);
        double[] before = c.factor();
        double[] bigger = {x[0] * 2, x[1] * 2, x[2] * 2};
        assertThat(c.downdate(bigger, 1e-8)).isFalse();
        assertThat(c.factor()).containsExactly(before);
    }

    @org.junit.jupiter.api.Test
    void rejectsAnIndefiniteMatrix() {
        assertThatThrownBy(() -> Cholesky.factor(new double[] {1, 2, 2, 1}, 2))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("not positive definite");
    }
}
