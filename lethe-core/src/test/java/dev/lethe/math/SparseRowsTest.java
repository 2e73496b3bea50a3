package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SparseRowsTest {

    @Test
    void keepsOnlyNonZerosAndMultipliesLikeTheDenseRows() {
        SparseRows m = new SparseRows.Builder(4)
                .addDense(new double[]{0, 2, 0, -1})
                .addDense(new double[]{0, 0, 0, 0})
                .addDense(new double[]{5, 0, 1, 0})
                .build();
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.nonZeros()).isEqualTo(4);
        assertThat(m.end(1) - m.start(1)).isZero();
        double[] w = {1, 10, 100, 1000, 7, 70, 700, 7000};
        assertThat(m.dot(0, w, 0)).isEqualTo(20 - 1000);
        assertThat(m.dot(2, w, 4)).isEqualTo(35 + 700);
        double[] y = new double[8];
        m.axpy(2, 3, y, 4);
        assertThat(y).containsExactly(0, 0, 0, 0, 15, 0, 3, 0);
        assertThat(m.squaredNorm(0)).isEqualTo(5);
        assertThat(m.dense(2)).containsExactly(5, 0, 1, 0);
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new SparseRows.Builder(3).addDense(new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3").hasMessageContaining("2");
    }
}
