package dev.lethe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalSparkTest {

    @Test
    void theTaskSlotsOfALocalMasterSizeTheSplitsOfATableScan() {
        assertThat(LocalSpark.cores("local")).isEqualTo(1);
        assertThat(LocalSpark.cores("local[2]")).isEqualTo(2);
        assertThat(LocalSpark.cores("local[3,4]")).isEqualTo(3);
        assertThat(LocalSpark.cores("local[*]")).isEqualTo(Runtime.getRuntime().availableProcessors());
        // a scan is split for at least 8 tasks per slot, not as few as the 4 MB counted per file allow
        org.apache.spark.sql.SparkSession spark = TestSpark.session();
        assertThat(spark.conf().get("spark.sql.files.minPartitionNum"))
                .isEqualTo(Integer.toString(8 * LocalSpark.cores(spark.sparkContext().master())));
    }
}
