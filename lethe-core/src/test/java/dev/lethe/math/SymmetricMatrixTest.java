package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SymmetricMatrixTest {

    /** Random vectors with about half their entries zero. */
    private static double[][] rows(long seed, int n, int d) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextBoolean() ? 0 : r.nextGaussian();
            }
        }
        return x;
    }

    @Property(tries = 50)
    void sparseAndDenseOuterProductsAgreeAndMultiplyMatchesTheDenseDefinition(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 12) int d) {
        double[][] x = rows(seed, 7, d);
        SymmetricMatrix dense = new SymmetricMatrix(d);
        SparseRows.Builder builder = new SparseRows.Builder(d);
        for (double[] row : x) {
            dense.addOuter(0.5, row);
            builder.addDense(row);
        }
        SparseRows sparse = builder.build();
        SymmetricMatrix fromSparse = new SymmetricMatrix(d);
        for (int i = 0; i < sparse.rows(); i++) {
            fromSparse.addSparseOuter(0.5, 0, sparse.columnIndex(), sparse.values(), sparse.start(i), sparse.end(i));
        }
        double[] v = rows(seed + 1, 1, d)[0];
        double[] expected = new double[d];
        for (double[] row : x) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += row[j] * v[j];
            }
            for (int j = 0; j < d; j++) {
                expected[j] += 0.5 * row[j] * dot;
            }
        }
        double[] got = dense.multiply(v);
        double[] gotSparse = fromSparse.multiply(v);
        for (int j = 0; j < d; j++) {
            assertThat(got[j]).isCloseTo(expected[j], offset(1e-10));
            assertThat(gotSparse[j]).isCloseTo(expected[j], offset(1e-10));
            for (int k = 0; k <= j; k++) {
                assertThat(fromSparse.get(j, k)).isCloseTo(dense.get(j, k), offset(1e-12));
                assertThat(dense.get(k, j)).isEqualTo(dense.get(j, k));
            }
        }
        assertThat(dense.quadraticForm(v)).isCloseTo(Vectors.dot(v, expected), offset(1e-9));
    }

    @Property(tries = 30)
    void frobeniusNormBoundsTheLargestEigenvalue(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                 @ForAll @IntRange(min = 2, max = 10) int d) {
        SymmetricMatrix g = new SymmetricMatrix(d);
        for (double[] row : rows(seed, 20, d)) {
            g.addOuter(1, row);
        }
        // power iteration gives a lower estimate of λ_max; the Frobenius norm must lie above it
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1);
        double lambda = 0;
        for (int k = 0; k < 500; k++) {
            double[] next = g.multiply(v);
            lambda = Vectors.norm(next) / Vectors.norm(v);
            v = next;
            double n = Vectors.norm(v);
            for (int j = 0; j < d; j++) {
                v[j] /= n;
            }
        }
        assertThat(g.frobeniusNorm()).isGreaterThanOrEqualTo(lambda * (1 - 1e-9));
        assertThat(g.trace()).isGreaterThanOrEqualTo(g.frobeniusNorm() * (1 - 1e-12));
    }

    @Test
    void offDiagonalBlocksLandBelowTheDiagonal() {
        SymmetricMatrix m = new SymmetricMatrix(4);
        m.addSparseOuterOffDiagonal(2, 1, 0, 2, new int[]{0, 1}, new double[]{1, 3}, 0, 2);
        assertThat(m.get(2, 0)).isEqualTo(2);
        assertThat(m.get(2, 1)).isEqualTo(6);
        assertThat(m.get(3, 0)).isEqualTo(6);
        assertThat(m.get(3, 1)).isEqualTo(18);
        assertThat(m.get(0, 3)).isEqualTo(6);
        assertThat(m.get(0, 0)).isZero();
    }

    @Test
    void choleskyOfAGramMatrixPlusARidgeSolves() {
        int d = 6;
        SymmetricMatrix g = new SymmetricMatrix(d);
        for (double[] row : rows(3, 10, d)) {
            g.addOuter(1, row);
        }
        g.addDiagonal(0.5);
        double[] b = rows(4, 1, d)[0];
        double[] x = g.cholesky().solve(b);
        double[] back = g.multiply(x);
        for (int j = 0; j < d; j++) {
            assertThat(back[j]).isCloseTo(b[j], offset(1e-10));
        }
        assertThat(SymmetricMatrix.ofLower(g.lowerValues(), d)).isEqualTo(g).hasSameHashCodeAs(g);
    }
}
