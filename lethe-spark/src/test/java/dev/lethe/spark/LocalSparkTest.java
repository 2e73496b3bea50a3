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

    @Test
    void aLocalSessionReadsParquetWithoutVectoredReads() {
        // the Hadoop configuration a file scan reads with: vectored reads on a local file system started a thread
        // per read on a 2-core machine
        org.apache.spark.sql.SparkSession spark = TestSpark.session();
        assertThat(spark.sessionState().newHadoopConf().get("parquet.hadoop.vectored.io.enabled")).isEqualTo("false");
        assertThat(spark.sparkContext().hadoopConfiguration().getBoolean("parquet.hadoop.vectored.io.enabled", true)).isFalse();
        // a cluster's object stores gain from them: its submitted settings decide
        assertThat(LocalSpark.configuration("yarn")).doesNotContainKey(LocalSpark.VECTORED_READS);
    }

    @Test
    void underSparkSubmitTheSubmittedMasterAndItsDriverAddressAreKept() {
        assertThat(LocalSpark.master(null, "yarn")).isEqualTo("yarn");
        assertThat(LocalSpark.master("local[2]", "yarn")).isEqualTo("local[2]");
        assertThat(LocalSpark.master(null, null)).isEqualTo("local[*]");
        // a cluster's executors must reach the driver: no loopback binding, no one-machine tuning
        assertThat(LocalSpark.configuration("yarn")).containsEntry("spark.master", "yarn")
                .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .doesNotContainKeys("spark.driver.bindAddress", "spark.driver.host", "spark.sql.shuffle.partitions",
                        "spark.app.name");
        assertThat(LocalSpark.configuration("local[2]")).containsEntry("spark.driver.bindAddress", "127.0.0.1")
                .containsEntry("spark.sql.files.minPartitionNum", "16");
    }

    @Test
    void aClustersExecutorsTrainNetworksWithTheDriversOneDnnCap() {
        // the build runs tests with ONEDNN_MAX_CPU_ISA=AVX2, as ./lethe runs Lethe
        assertThat(LocalSpark.configuration("yarn")).containsEntry(LocalSpark.EXECUTOR_ISA_CAP,
                System.getenv().getOrDefault(LocalSpark.ISA_CAP, "AVX2"));
        // a local master's tasks run in the driver's JVM, under its environment
        assertThat(LocalSpark.configuration("local[2]")).doesNotContainKey(LocalSpark.EXECUTOR_ISA_CAP);
    }
}
