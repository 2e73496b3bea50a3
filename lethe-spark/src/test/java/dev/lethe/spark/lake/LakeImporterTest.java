package dev.lethe.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.NotFoundException;
import dev.lethe.spark.TestSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeImporterTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void csvBecomesADeltaTableWithUniqueRecordIdsAndErasureProperties() throws Exception {
        Path csv = LakeFixtures.csv(dir, 40, 7);
        String table = dir.resolve("people").toString();
        LakeDataset ds = LakeImporter.importTable(spark, csv.toString(), LakeFormat.CSV, "subject", null, table);

        assertThat(ds.idColumn()).isEqualTo(LakeImporter.RECORD_ID);
        assertThat(DeltaTable.isDeltaTable(spark, table)).isTrue();
        List<Row> ids = spark.read().format("delta").load(table).select(LakeImporter.RECORD_ID).distinct().collectAsList();
        assertThat(ids).hasSize(40);
        Row props = spark.sql("DESCRIBE DETAIL delta.`" + table + "`").select("properties").first();
        assertThat(props.getJavaMap(0)).containsEntry("delta.dataSkippingStatsColumns", LakeImporter.RECORD_ID)
                .containsEntry("delta.enableDeletionVectors", "false");
        assertThat(LakeDataset.open(spark, table)).isEqualTo(ds);
    }

    @Test
    void parquetWithItsOwnIdColumnKeepsThoseIds() throws Exception {
        Path parquet = dir.resolve("p.parquet");
        spark.read().option("header", "true").option("inferSchema", "true").csv(LakeFixtures.csv(dir, 10, 3).toString())
                .withColumn("rid", org.apache.spark.sql.functions.expr("cast(age * 1000 as long)"))
                .write().parquet(parquet.toString());
        String table = dir.resolve("pt").toString();
        LakeDataset ds = LakeImporter.importTable(spark, parquet.toString(), LakeFormat.PARQUET, "subject", "rid", table);
        assertThat(ds.idColumn()).isEqualTo("rid");
        assertThat(spark.read().format("delta").load(table).select("rid").collectAsList()).extracting(r -> r.getLong(0))
                .contains(20000L).hasSize(10);
    }

    @Test
    void deltaStaysInPlaceAndGetsRecordIds() throws Exception {
        String table = dir.resolve("d").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(LakeFixtures.csv(dir, 12, 4).toString())
                .write().format("delta").save(table);
        LakeDataset ds = LakeImporter.importTable(spark, table, LakeFormat.DELTA, "subject", null, null);
        assertThat(ds.table()).isEqualTo(table);
        assertThat(spark.read().format("delta").load(table).select(LakeImporter.RECORD_ID).distinct().count()).isEqualTo(12);
    }

    @Test
    void aDeltaTableThatFailsToImportInPlaceIsLeftAsItWas() throws Exception {
        String table = dir.resolve("d").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(LakeFixtures.csv(dir, 12, 4).toString())
                .repartition(3).write().format("delta").save(table);
        var before = DeltaTable.forPath(spark, table).toDF().schema();
        var propertiesBefore = spark.sql("DESCRIBE DETAIL delta.`" + table + "`").select("properties").first().getJavaMap(0);
        // one of its data files is gone: the rewrite that adds the record IDs cannot read it
        try (var files = java.nio.file.Files.list(dir.resolve("d"))) {
            java.nio.file.Files.delete(files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow());
        }

        assertThatThrownBy(() -> LakeImporter.importTable(spark, table, LakeFormat.DELTA, "subject", null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be read")
                .hasMessageContaining("restored");
        // neither the record-ID column nor the erasure properties stay behind
        assertThat(DeltaTable.forPath(spark, table).toDF().schema()).isEqualTo(before);
        assertThat(spark.sql("DESCRIBE DETAIL delta.`" + table + "`").select("properties").first().getJavaMap(0))
                .isEqualTo(propertiesBefore);
        assertThatThrownBy(() -> LakeDataset.open(spark, table)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputIsAClearErrorAndWritesNothing() throws Exception {
        Path csv = LakeFixtures.csv(dir, 5, 2);
        String table = dir.resolve("x").toString();
        assertThatThrownBy(() -> LakeImporter.importTable(spark, csv.toString(), LakeFormat.CSV, "person", null, table))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--subject").hasMessageContaining("'person'");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThatThrownBy(() -> LakeImporter.importTable(spark, csv.toString(), LakeFormat.CSV, "subject", "subject", table))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--id");
        assertThatThrownBy(() -> LakeImporter.importTable(spark, dir.resolve("nope").toString(), LakeFormat.DELTA, "subject", null, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no Delta table");
        assertThatThrownBy(() -> LakeDataset.open(spark, dir.resolve("nope").toString()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("not a Lethe lake dataset");
    }

    @Test
    void aMalformedRecordFoundWhileWritingLeavesNoHalfMadeTable() throws Exception {
        // the CSV is read lazily: the bad line surfaces only once the Delta table has been created
        Path csv = dir.resolve("bad.csv");
        java.nio.file.Files.write(csv, List.of("subject,age,label", "s1,20.5,yes", "s2,30.5,no,extra", "s1,40.5,no"));
        String table = dir.resolve("bad").toString();
        assertThatThrownBy(() -> LakeImporter.importTable(spark, csv.toString(), LakeFormat.CSV, "subject", null, table))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--table").hasMessageContaining("cannot be read")
                .hasMessageContaining("nothing was imported");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    void aTableWhoseSchemaChangedSinceImportIsRefused() throws Exception {
        String table = dir.resolve("people").toString();
        LakeImporter.importTable(spark, LakeFixtures.csv(dir, 6, 2).toString(), LakeFormat.CSV, "subject", null, table);
        spark.sql("ALTER TABLE delta.`" + table + "` ADD COLUMNS (email STRING)");
        assertThatThrownBy(() -> LakeDataset.open(spark, table))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("schema changed since import");
        // a registration left behind by a table that is gone is a clear error too, not an internal one
        org.apache.commons.io.FileUtils.deleteDirectory(dir.resolve("people/_delta_log").toFile());
        assertThatThrownBy(() -> LakeDataset.open(spark, table))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no readable Delta table");
    }

    @Test
    void aRelativeTablePathBecomesTheAbsoluteOneThatTheRegistrationHolds() throws Exception {
        // Delta's catalog refuses a relative location after writing its log; a home must not depend on the directory
        String relative = "target/relative-lake-" + java.util.UUID.randomUUID() + "/people";
        Path absolute = Path.of(relative).toAbsolutePath();
        try {
            LakeDataset ds = LakeImporter.importTable(spark, LakeFixtures.csv(dir, 6, 2).toString(), LakeFormat.CSV, "subject",
                    null, relative);
            assertThat(ds.table()).isEqualTo(absolute.toString());
            assertThat(spark.read().format("delta").load(ds.table()).count()).isEqualTo(6);
            assertThat(LakeDataset.open(spark, relative)).isEqualTo(ds);
        } finally {
            org.apache.commons.io.FileUtils.deleteDirectory(absolute.getParent().toFile());
        }
    }
}
