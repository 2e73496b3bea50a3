package dev.lethe.spark.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The aggregation's allocation-free row path adds exactly what the array path (the local retrain oracle's) adds. */
class RowStatisticsTest {

    @Test
    void addingRowsInPlaceGivesTheSameNumbersBitForBitAsAddingArrays() {
        Random random = new Random(5);
        RidgeStatistics ridgeRows = new RidgeStatistics(3);
        RidgeStatistics ridgeArrays = new RidgeStatistics(3);
        NaiveBayesStatistics nbRows = new NaiveBayesStatistics(List.of("no", "yes"), 3);
        NaiveBayesStatistics nbArrays = new NaiveBayesStatistics(List.of("no", "yes"), 3);
        for (int i = 0; i < 200; i++) {
            double[] x = {random.nextGaussian() * 1e3, random.nextDouble(), random.nextInt(7) - 3.5};
            double y = random.nextGaussian();
            String label = random.nextBoolean() ? "yes" : "no";
            ridgeRows.addRow(RowFactory.create(x[0], x[1], x[2], y), 3);
            ridgeArrays.add(x, y);
            nbRows.addRow(RowFactory.create(x[0], x[1], x[2], label), 3);
            nbArrays.add(x, label);
        }
        assertThat(ridgeRows.numbers()).containsExactly(ridgeArrays.numbers());
        assertThat(ridgeRows.rows()).isEqualTo(200);
        assertThat(nbRows.numbers()).containsExactly(nbArrays.numbers());
        assertThat(ridgeRows.coefficients(0.5)).containsExactly(ridgeArrays.coefficients(0.5));
        Row noLabel = RowFactory.create(1.0, 2.0, 3.0, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ridgeRows.addRow(noLabel, 3))
                .hasMessageContaining("expected a numeric label");
    }
}
