package dev.lethe.spark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's training protocol: masters visited in alternating order, and where a step's time went. */
class SparkBenchmarkTest {

    @Test
    void mastersAreVisitedInAlternatingOrderSoNeitherAlwaysRunsFirstOrLast() {
        assertThat(SparkBenchmark.visits(List.of("local[1]", "local[2]"), 3))
                .containsExactly("local[1]", "local[2]", "local[2]", "local[1]", "local[1]", "local[2]");
        assertThat(SparkBenchmark.trainingKey("nb train: GC share (%)", 4)).isEqualTo("nb train (median of 4): GC share (%)");
        assertThat(SparkBenchmark.trainingKey("nb train", 4)).isEqualTo("nb train (median of 4)");
    }

    @Test
    void aReadingSplitsWallTimeIntoTheDriversSerialShareAndTheSlotsUse() {
        JobClock.Reading r = new JobClock.Reading(800, 1200, 16);
        assertThat(r.driverShare(1000)).isCloseTo(0.2, offset(1e-12));
        assertThat(r.slotUse(2)).isCloseTo(0.75, offset(1e-12));
        assertThat(new JobClock.Reading(0, 0, 0).slotUse(2)).isZero();
    }

    @Test
    void theClockSeesEveryTaskOfTheJobsSinceItsReset() {
        org.apache.spark.sql.SparkSession spark = dev.lethe.spark.TestSpark.session();
        JobClock clock = JobClock.on(spark.sparkContext());
        spark.range(0, 1000, 1, 5).count();
        clock.settle();
        clock.reset();
        long sum = spark.range(0, 1000, 1, 3).javaRDD().map(x -> x).reduce(Long::sum);
        clock.settle();
        assertThat(sum).isEqualTo(499_500);
        assertThat(clock.read().tasks()).isEqualTo(3);
        assertThat(clock.read().jobMillis()).isPositive();
    }
}
