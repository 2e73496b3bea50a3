package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The maintained normal equations: removing rows gives the solution of never having added them. */
class NormalEquationsTest {

    /** A sparse design row: the intercept (column 0, value 1) and some other columns, plus a target. */
    private record Row(int[] index, double[] value, int output, double target) {
    }

    private static List<Row> randomRows(Random r, int n, int m, int k) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> cols = new ArrayList<>();
            cols.add(0);
            for (int c = 1; c < m; c++) {
                if (r.nextInt(3) > 0) {
                    cols.add(c);
                }
            }
            int[] index = cols.stream().mapToInt(Integer::intValue).toArray();
            double[] value = new double[index.length];
            value[0] = 1;
            for (int a = 1; a < value.length; a++) {
                value[a] = r.nextBoolean() ? 1 : Math.scalb(r.nextGaussian(), r.nextInt(9) - 4) + r.nextInt(5);
            }
            rows.add(new Row(index, value, r.nextInt(k), k == 1 ? r.nextGaussian() * 50 : 1));
        }
        return rows;
    }

    private static NormalEquations fit(List<Row> rows, int m, int k, double lambda) {
        NormalEquations eq = NormalEquations.empty(m, k, lambda);
        for (Row row : rows) {
            eq.addRow(row.index, row.value, row.index.length, 1, row.output, row.target);
        }
        eq.refactor();
        eq.solve();
        return eq;
    }

    private static void assertSameSolution(NormalEquations actual, NormalEquations expected, double tolerance) {
        double[] a = actual.beta();
        double[] b = expected.beta();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]))).as("coefficient %d", i).isLessThanOrEqualTo(tolerance);
        }
    }

    @Property(tries = 30)
    void aStoredStateRestoresTheSameSolutionAndAnInconsistentOneIsRejected(@ForAll long seed) {
        Random r = new Random(seed);
        int m = 2 + r.nextInt(6);
        int k = 1 + r.nextInt(2);
        NormalEquations eq = fit(randomRows(r, 10 + r.nextInt(40), m, k), m, k, 1);
        NormalEquations.State state = eq.state();
        NormalEquations restored = NormalEquations.restore(state);
        assertThat(restored.beta()).isEqualTo(eq.beta());
        assertThat(restored.rows()).isEqualTo(eq.rows());
        double[] badGram = state.gramHi().clone();
        badGram[0] += 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NormalEquations.restore(new NormalEquations.State(m, k,
                        state.lambda(), state.rows(), badGram, state.gramLo(), state.rhsHi(), state.rhsLo(), state.beta())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows");
    }

    @Property(tries = 60)
    void removingRowsEqualsNeverAddingThem(@ForAll long seed) {
        Random r = new Random(seed);
        int m = 2 + r.nextInt(9);
        int k = 1 + r.nextInt(3);
        double lambda = new double[] {0.1, 1, 10}[r.nextInt(3)];
        List<Row> rows = randomRows(r, 5 + r.nextInt(80), m, k);
        NormalEquations eq = fit(rows, m, k, lambda);
        List<Row> remaining = new ArrayList<>(rows);
        while (remaining.size() > 1 && r.nextInt(10) > 0) {
            Row row = remaining.remove(r.nextInt(remaining.size()));
            if (r.nextBoolean() && eq.downdate(row.index, row.value, row.index.length)) {
                if (!eq.removeRowAndUpdate(row.index, row.value, row.index.length, row.output, row.target)) {
                    eq.refactor();
                    eq.solve();
                }
            } else {
                eq.addRow(row.index, row.value, row.index.length, -1, row.output, row.target);
                eq.refactor();
                eq.solve();
            }
            assertThat(eq.rows()).isEqualTo(remaining.size());
            assertSameSolution(eq, fit(remaining, m, k, lambda), 1e-10);
        }
    }

    @Test
    void keepingColumnsEqualsBuildingWithoutThem() {
        Random r = new Random(4);
        List<Row> rows = randomRows(r, 60, 6, 2);
        NormalEquations eq = fit(rows, 6, 2, 1).keepColumns(new int[] {0, 1, 3, 5});
        eq.refactor();
        eq.solve();
        List<Row> narrowed = new ArrayList<>();
        int[] newIndex = {0, 1, -1, 2, -1, 3};
        for (Row row : rows) {
            List<Integer> idx = new ArrayList<>();
            List<Double> val = new ArrayList<>();
            for (int a = 0; a < row.index.length; a++) {
                if (newIndex[row.index[a]] >= 0) {
                    idx.add(newIndex[row.index[a]]);
                    val.add(row.value[a]);
                }
            }
            narrowed.add(new Row(idx.stream().mapToInt(Integer::intValue).toArray(),
                    val.stream().mapToDouble(Double::doubleValue).toArray(), row.output, row.target));
        }
        assertSameSolution(eq, fit(narrowed, 4, 2, 1), 1e-12);
    }

    @Test
    void withoutRowsTheSolutionIsExactlyZero() {
        NormalEquations eq = fit(List.of(), 4, 3, 1);
        assertThat(eq.beta()).containsOnly(0.0);
        Random r = new Random(5);
        List<Row> rows = randomRows(r, 3, 4, 3);
        NormalEquations full = fit(rows, 4, 3, 1);
        full.clearRows();
        full.refactor();
        full.solve();
        assertThat(full.rows()).isZero();
        assertThat(full.beta()).containsOnly(0.0);
    }

    @Test
    void aDowndateThatWouldLosePositiveDefinitenessIsRefusedAndLeavesTheFactor() {
        Row row = new Row(new int[] {0, 1}, new double[] {1, 1000}, 0, 3);
        NormalEquations eq = fit(List.of(row), 2, 1, 1e-6);
        double[] before = eq.beta().clone();
        assertThat(eq.downdate(row.index, row.value, 2)).isFalse();
        assertThat(eq.solve()).as("refactorised").isFalse();
        assertThat(eq.beta()).containsExactly(before);
    }
}
