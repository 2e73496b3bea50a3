package dev.lethe.spark.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ForgetRequest;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.SubjectBuckets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import scala.jdk.javaapi.CollectionConverters;

/** Checks of a home's lake layout, run by the workflow test on its lake (one import serves both). */
public final class LakeLookups {

    private LakeLookups() {
    }

    /**
     * A subject's rows are found by reading its keyed bucket's files alone, the bucket cannot be
     * computed without the key, and the transaction log holds no subject (fixture subjects s0–s5).
     */
    public static void assertTheLookupReadsOneBucketAndTheLogHoldsNoSubject(SparkSession spark, String table, HomeLake lake)
            throws Exception {
        LakeRows rows = new LakeRows(spark, table, lake.buckets(), LakeDataset.open(spark, table).idColumn(), "subject");
        int total = spark.read().format("delta").load(table).inputFiles().length;

        Dataset<Row> found = spark.read().format("delta").load(table).where(rows.predicate(new ForgetRequest.Subject("s1")));
        assertThat(found.collectAsList()).hasSize(10).allSatisfy(r -> assertThat(r.<String>getAs("subject")).isEqualTo("s1"));
        long read = filesRead(found);
        assertThat(read).isPositive().isLessThan(total);
        try (Stream<Path> files = Files.walk(Path.of(table, SubjectBuckets.COLUMN + "=" + lake.buckets().of("s1")))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(read);
        }
        assertThat(rows.rows(List.of("age"), "label", new ForgetRequest.Subject("s1"))).hasSize(10);

        // the bucket needs the key: another key places the subjects otherwise
        SubjectBuckets other = SubjectBuckets.fresh(lake.buckets().buckets());
        assertThat(IntStream.range(0, 20).filter(i -> other.of("s" + i) != lake.buckets().of("s" + i)).count()).isPositive();
        // and the log holds no subject, neither as a statistic nor as a partition value
        StringBuilder log = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of(table, "_delta_log"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                log.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(log).contains("\"partitionValues\":{\"" + SubjectBuckets.COLUMN + "\"");
        for (int s = 0; s < 6; s++) {
            assertThat(log).doesNotContain("\"s" + s + "\"");
        }
    }

    /** Files the scan of an executed query read (Spark's {@code numFiles} metric). */
    private static long filesRead(Dataset<Row> executed) {
        long n = 0;
        for (SparkPlan leaf : CollectionConverters.asJava(executed.queryExecution().executedPlan().collectLeaves())) {
            if (leaf instanceof FileSourceScanExec scan) {
                n += (Long) scan.metrics().apply("numFiles").value();
            }
        }
        return n;
    }
}
