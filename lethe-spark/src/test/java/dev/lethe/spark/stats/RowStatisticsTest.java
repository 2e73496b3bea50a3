package dev.lethe.spark.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The aggregation's allocation-free row paths add exactly what the array path (the local retrain oracle's) adds. */
class RowStatisticsTest {

    @Test
    void addingRowsOrAScansInternalRowsInPlaceGivesTheSameNumbersBitForBitAsAddingArrays() {
        RidgeStatistics ridgeRows = new RidgeStatistics(3);
        RidgeStatistics ridgeInternal = new RidgeStatistics(3);
        RidgeStatistics ridgeArrays = new RidgeStatistics(3);
        NaiveBayesStatistics nbRows = new NaiveBayesStatistics(List.of("no", "yes"), 3);
        NaiveBayesStatistics nbInternal = new NaiveBayesStatistics(List.of("no", "yes"), 3);
        NaiveBayesStatistics nbArrays = new NaiveBayesStatistics(List.of("no", "yes"), 3);
        for (Sample r : samples(5)) {
            double[] x = r.x();
            ridgeRows.addRow(RowFactory.create(x[0], x[1], x[2], r.y()), 3);
            ridgeInternal.addInternal(new GenericInternalRow(new Object[] {x[0], x[1], x[2], r.y()}), 3, DataTypes.DoubleType);
            ridgeArrays.add(x, r.y());
            nbRows.addRow(RowFactory.create(x[0], x[1], x[2], r.label()), 3);
            nbInternal.addInternal(new GenericInternalRow(new Object[] {x[0], x[1], x[2], UTF8String.fromString(r.label())}), 3,
                    DataTypes.StringType);
            nbArrays.add(x, r.label());
        }
        assertThat(ridgeRows.numbers()).containsExactly(ridgeArrays.numbers());
        assertThat(ridgeInternal.numbers()).containsExactly(ridgeArrays.numbers());
        assertThat(ridgeRows.rows()).isEqualTo(200);
        assertThat(nbRows.numbers()).containsExactly(nbArrays.numbers());
        assertThat(nbInternal.numbers()).containsExactly(nbArrays.numbers());
        assertThat(ridgeRows.coefficients(0.5)).containsExactly(ridgeArrays.coefficients(0.5));
        // an integer label takes the internal rows' generic path
        ridgeInternal.addInternal(new GenericInternalRow(new Object[] {1.0, 2.0, 3.0, 4}), 3, DataTypes.IntegerType);
        ridgeArrays.add(new double[] {1, 2, 3}, 4.0);
        assertThat(ridgeInternal.numbers()).containsExactly(ridgeArrays.numbers());
    }

    @Test
    void badRowsAreNamed() {
        RidgeStatistics ridge = new RidgeStatistics(3);
        NaiveBayesStatistics nb = new NaiveBayesStatistics(List.of("no", "yes"), 3);
        Row noLabel = RowFactory.create(1.0, 2.0, 3.0, null);
        assertThatThrownBy(() -> ridge.addRow(noLabel, 3)).hasMessageContaining("expected a numeric label");
        GenericInternalRow missing = new GenericInternalRow(new Object[] {1.0, null, 3.0, UTF8String.fromString("no")});
        assertThatThrownBy(() -> nb.addInternal(missing, 3, DataTypes.StringType))
                .isInstanceOf(DataException.class).hasMessage("feature 2 of a row: missing value");
        GenericInternalRow unknown = new GenericInternalRow(new Object[] {1.0, 2.0, 3.0, UTF8String.fromString("maybe")});
        assertThatThrownBy(() -> nb.addInternal(unknown, 3, DataTypes.StringType))
                .hasMessageContaining("label 'maybe' is not one of [no, yes]");
    }

    private record Sample(double[] x, double y, String label) {
    }

    private static List<Sample> samples(long seed) {
        Random random = new Random(seed);
        List<Sample> out = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(new Sample(new double[] {random.nextGaussian() * 1e3, random.nextDouble(), random.nextInt(7) - 3.5},
                    random.nextGaussian(), random.nextBoolean() ? "yes" : "no"));
        }
        return out;
    }
}
