package dev.lethe.spark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeImporter;
import dev.lethe.spark.lake.SubjectBuckets;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The benchmark's lake: the Fertility census extract (Angrist and Evans 1998; {@code data/AER_Fertility.csv.gz})
 * replicated into a Delta table. Copy c of row r gets record ID c·N + r and subject "c-⌊r/4⌋", so
 * subjects stay distinct across copies and each owns four rows; yes/no and male/female become 0/1
 * so that every feature is numeric. The table is partitioned by keyed subject bucket, as a home's
 * lake dataset is; the benchmark keeps the key in a 0600 file beside the table so that a later run
 * reuses the lake (a benchmark's shortcut: a home keeps it in its registry).
 */
final class FertilityLake {

    static final List<String> FEATURES = List.of("gender1", "gender2", "age", "afam", "hispanic", "other", "work");
    static final String LABEL = "morekids";
    static final String TARGET = "morekids01";
    /** Rows of data/AER_Fertility.csv.gz. */
    static final long BASE_ROWS = 254_654;

    private FertilityLake() {
    }

    /** A lake written before (with its bucket key beside it, at {@code into + ".bucket-key"}), or a new one. */
    record Written(LakeDataset lake, SubjectBuckets buckets, double writeMillis) {
    }

    static Written openOrWrite(SparkSession spark, String csv, long rows, String into, int buckets) {
        java.nio.file.Path keyFile = java.nio.file.Path.of(into + ".bucket-key");
        try {
            if (io.delta.tables.DeltaTable.isDeltaTable(spark, into) && java.nio.file.Files.exists(keyFile)) {
                String[] k = java.nio.file.Files.readString(keyFile).trim().split(" ");
                return new Written(LakeDataset.open(spark, into), new SubjectBuckets(java.util.HexFormat.of().parseHex(k[0]),
                        Integer.parseInt(k[1])), 0);
            }
            SubjectBuckets b = SubjectBuckets.fresh(buckets);
            long start = System.nanoTime();
            LakeDataset ds = write(spark, csv, rows, into, b);
            double ms = (System.nanoTime() - start) / 1e6;
            dev.lethe.model.PrivateFiles.createFileIfMissing(keyFile);
            java.nio.file.Files.writeString(keyFile, java.util.HexFormat.of().formatHex(b.key()) + " " + buckets + "\n");
            return new Written(ds, b, ms);
        } catch (java.io.IOException e) {
            throw new dev.lethe.model.UnavailableException("bench lake key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    static LakeDataset write(SparkSession spark, String csv, long rows, String into, SubjectBuckets buckets) {
        Dataset<Row> base = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
        base = base.withColumn("r", functions.row_number().over(Window.orderBy(functions.monotonically_increasing_id())).minus(1))
                .cache();
        long n = base.count();
        long copies = Math.max(1, (rows + n - 1) / n);
        Dataset<Row> rep = base.crossJoin(spark.range(copies).withColumnRenamed("id", "c"))
                .withColumn("rid", col("c").multiply(n).plus(col("r")))
                .where(col("rid").lt(rows))
                .withColumn("subject", concat(col("c").cast("string"), lit("-"), floor(col("r").divide(4)).cast("string")))
                .withColumn("gender1", when(col("gender1").equalTo("male"), 1.0).otherwise(0.0))
                .withColumn("gender2", when(col("gender2").equalTo("male"), 1.0).otherwise(0.0))
                .withColumn("afam", when(col("afam").equalTo("yes"), 1.0).otherwise(0.0))
                .withColumn("hispanic", when(col("hispanic").equalTo("yes"), 1.0).otherwise(0.0))
                .withColumn("other", when(col("other").equalTo("yes"), 1.0).otherwise(0.0))
                .withColumn("age", col("age").cast("double"))
                .withColumn("work", col("work").cast("double"))
                .withColumn(TARGET, when(col(LABEL).equalTo("yes"), 1.0).otherwise(0.0))
                .select("rid", "subject", "gender1", "gender2", "age", "afam", "hispanic", "other", "work", LABEL, TARGET);
        LakeDataset ds = LakeImporter.importFrame(spark, rep, "subject", "rid", into, buckets);
        base.unpersist();
        return ds;
    }
}
