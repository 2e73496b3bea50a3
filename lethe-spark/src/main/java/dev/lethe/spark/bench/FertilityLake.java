package dev.lethe.spark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeImporter;
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
 * so that every feature is numeric.
 */
final class FertilityLake {

    static final List<String> FEATURES = List.of("gender1", "gender2", "age", "afam", "hispanic", "other", "work");
    static final String LABEL = "morekids";
    static final String TARGET = "morekids01";

    private FertilityLake() {
    }

    static LakeDataset write(SparkSession spark, String csv, long rows, String into) {
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
        LakeDataset ds = LakeImporter.importFrame(spark, rep, "subject", "rid", into);
        base.unpersist();
        return ds;
    }
}
