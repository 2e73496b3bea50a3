package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

/**
 * The logistic kernels against their definitions: the gradient is the derivative of the objective
 * (central differences), the Hessian-vector product is the Hessian times the vector, Newton's
 * minimiser reaches a stationary point, and the curvature constant bounds |ℓ‴| on an interval.
 */
class LogisticObjectiveTest {

    private static SparseRows design(Random r, int n, int columns) {
        SparseRows.Builder b = new SparseRows.Builder(columns);
        for (int i = 0; i < n; i++) {
            double[] x = new double[columns];
            x[0] = 1;
            for (int c = 1; c < columns; c++) {
                x[c] = r.nextInt(3) == 0 ? 0 : r.nextGaussian();
            }
            b.addDense(x);
        }
        return b.build();
    }

    @Property(tries = 20)
    void gradientHessianAndNewtonAgreeWithTheirDefinitions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int blocks) {
        Random r = new Random(seed);
        int n = 30 + r.nextInt(40);
        int columns = 2 + r.nextInt(4);
        SparseRows x = design(r, n, columns);
        int classes = blocks == 1 ? 2 : blocks;
        int[] labels = new int[n];
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
            rows[i] = i;
        }
        double[] b = new double[blocks * columns];
        for (int j = 0; j < b.length; j++) {
            b[j] = r.nextGaussian();
        }
        LogisticObjective objective = new LogisticObjective(x, blocks, 0.05, b);
        double[] w = new double[objective.dimension()];
        for (int j = 0; j < w.length; j++) {
            w[j] = r.nextGaussian() * 0.5;
        }
        double[] g = objective.gradient(w, rows, labels);
        for (int j = 0; j < w.length; j++) {
            double h = 1e-5;
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (objective.value(plus, rows, labels) - objective.value(minus, rows, labels)) / (2 * h);
            assertThat(g[j]).as("∂J/∂w%d", j).isCloseTo(numeric, Offset.offset(1e-5 * (1 + Math.abs(numeric))));
        }
        double[] v = new double[w.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = r.nextGaussian();
        }
        double[] hv = objective.hessianTimes(w, v, rows, null, null);
        double[] expected = objective.hessian(w, rows).multiply(v);
        for (int j = 0; j < v.length; j++) {
            assertThat(hv[j]).isCloseTo(expected[j], Offset.offset(1e-9 * (1 + Math.abs(expected[j]))));
        }
        LogisticNewton.Result result = LogisticNewton.minimise(objective, rows, labels, 1e-10, 100);
        assertThat(Vectors.norm(result.gradient()) / n).isLessThanOrEqualTo(1e-10);
    }

    @Property(tries = 50)
    void theCurvatureConstantBoundsTheThirdDerivativeOnTheInterval(@ForAll long seed) {
        Random r = new Random(seed);
        double lo = r.nextGaussian() * 4;
        double hi = lo + Math.abs(r.nextGaussian()) * 3;
        double bound = LogisticCurvature.lipschitz(lo, hi);
        assertThat(bound).isLessThanOrEqualTo(LogisticCurvature.GAMMA + 1e-15);
        for (int k = 0; k <= 100; k++) {
            double s = lo + (hi - lo) * k / 100;
            assertThat(LogisticCurvature.third(s)).isLessThanOrEqualTo(bound + 1e-15);
        }
    }
}
