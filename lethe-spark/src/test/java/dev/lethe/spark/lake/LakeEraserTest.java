package dev.lethe.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.InvalidInputException;
import dev.lethe.spark.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeEraserTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void afterTheErasureNoFileOfTheTableHoldsTheForgottenValues() throws Exception {
        // a Delta table written before Lethe knew it: its log holds min/max statistics of every column
        String table = dir.resolve("people").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(LakeFixtures.csv(dir, 60, 6).toString())
                .write().format("delta").save(table);
        LakeDataset ds = LakeImporter.importTable(spark, table, LakeFormat.DELTA, "subject", null, null);
        List<Row> forgotten = spark.read().format("delta").load(table).where("subject = 's5'").collectAsList();
        assertThat(forgotten).hasSize(10);
        long[] ids = forgotten.stream().mapToLong(r -> r.getLong(r.fieldIndex(ds.idColumn()))).toArray();
        List<String> kept = spark.read().format("delta").load(table).where("subject <> 's5'").collectAsList().stream()
                .flatMap(r -> Stream.of(r.getAs("age").toString(), r.getAs("income").toString())).toList();
        // the forgotten rows' values, except those that a kept value contains (a text search cannot tell them apart)
        List<String> values = new ArrayList<>();
        for (Row r : forgotten) {
            for (String v : List.of(r.getAs("age").toString(), r.getAs("income").toString())) {
                if (kept.stream().noneMatch(k -> k.contains(v))) {
                    values.add(v);
                }
            }
        }
        assertThat(values).hasSizeGreaterThan(10).contains("1413.25");
        // the scan finds them before the erase: it can fail
        assertThat(LakeFixtures.valuesFound(spark, table, values)).isNotEmpty();

        LakeErasure erasure = LakeEraser.erase(spark, ds, ids, VacuumPolicy.immediate());

        assertThat(erasure.rowsDeleted()).isEqualTo(10);
        assertThat(LakeEraser.replacedFilesLeft(spark, table)).isEmpty();
        assertThat(erasure.filesGone()).isTrue();
        assertThat(erasure.logScrubbed()).isTrue();
        assertThat(erasure.details()).containsEntry("lake_files_physically_gone", "true")
                .containsEntry("lake_version_after_delete", Long.toString(erasure.versionAfterDelete()));
        assertThat(LakeFixtures.valuesFound(spark, table, values)).isEmpty();
        // s5 is the largest subject and holds the largest income: both were file statistics in the old log
        assertThat(LakeFixtures.valuesFound(spark, table, List.of("s5", "1413.25"))).isEmpty();
        assertThat(spark.read().format("delta").load(table).count()).isEqualTo(50);
        assertThat(spark.read().format("delta").load(table).where("subject = 's4'").count()).isEqualTo(10);
        try (Stream<Path> log = Files.list(dir.resolve("people/_delta_log"))) {
            assertThat(log.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains("checkpoint"));
        }
    }

    @Test
    void withDeltasSafetyMinimumTheOldFilesStayAndTheReceiptSaysSo() throws Exception {
        String table = dir.resolve("people").toString();
        LakeDataset ds = LakeImporter.importTable(spark, LakeFixtures.csv(dir, 20, 4).toString(), LakeFormat.CSV,
                "subject", null, table);
        long id = spark.read().format("delta").load(table).where("subject = 's1'").first().getLong(4);
        LakeErasure erasure = LakeEraser.erase(spark, ds, new long[] {id}, VacuumPolicy.deltaDefault());
        assertThat(erasure.rowsDeleted()).isEqualTo(1);
        assertThat(erasure.filesGone()).isFalse();
        assertThat(erasure.logScrubbed()).isFalse();
        assertThatThrownBy(() -> new VacuumPolicy(1, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--override-retention-check");
    }
}
