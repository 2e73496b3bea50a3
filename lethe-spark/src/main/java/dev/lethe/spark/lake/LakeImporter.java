package dev.lethe.spark.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import dev.lethe.model.ConflictException;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Registers a table as a {@link LakeDataset}: a CSV or Parquet source is converted into a new Delta
 * table, a Delta table stays where it is. Record IDs are assigned once (or taken from {@code --id}
 * after checking they are unique) and stored as a column, so that an erasure deletes by record ID
 * and never by a predicate on personal values, which Delta would keep in its log's commit info.
 *
 * <p>The table is set up for erasure: file statistics are kept only for the record ID column
 * ({@code delta.dataSkippingStatsColumns}), so no min/max of a personal column reaches the
 * transaction log, and deletion vectors are off, so a DELETE rewrites files instead of masking rows
 * that VACUUM could then never remove.
 */
public final class LakeImporter {

    /** The column holding the record IDs Lethe assigns. */
    public static final String RECORD_ID = "lethe_record_id";

    private LakeImporter() {
    }

    /**
     * @param source  the table to import
     * @param into    where a CSV or Parquet source becomes a Delta table (ignored for Delta, which stays in place)
     * @param idColumn an existing unique integral column to use as record IDs, or null to assign them
     */
    public static LakeDataset importTable(SparkSession spark, String source, LakeFormat format, String subjectColumn,
                                          String idColumn, String into) {
        return importTable(spark, source, format, subjectColumn, idColumn, into, null);
    }

    /**
     * As {@link #importTable(SparkSession, String, LakeFormat, String, String, String)}; with {@code buckets}
     * the table gains the keyed {@link SubjectBuckets#COLUMN} and is partitioned by it.
     */
    public static LakeDataset importTable(SparkSession spark, String source, LakeFormat format, String subjectColumn,
                                          String idColumn, String into, SubjectBuckets buckets) {
        if (format != LakeFormat.DELTA) {
            if (into == null) {
                throw new InvalidInputException("--into: a " + format.name().toLowerCase(java.util.Locale.ROOT)
                        + " source needs the path of the Delta table to create");
            }
            return create(spark, read(spark, source, format), subjectColumn, idColumn, into, buckets, source);
        }
        String table = LakeDataset.location(spark, source);
        Dataset<Row> df = withBuckets(withRecordIds(read(spark, table, format), subjectColumn, idColumn, source),
                subjectColumn, buckets, source);
        String id = idColumn == null ? RECORD_ID : idColumn;
        long before = DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0);
        try {
            if (idColumn == null) {
                spark.sql("ALTER TABLE " + quoted(table) + " ADD COLUMNS (" + RECORD_ID + " BIGINT)");
            }
            setProperties(spark, table, id);
            if (idColumn == null || buckets != null) {
                // the IDs and buckets are computed once, while the overwrite reads the old files and writes the new ones
                var writer = df.write().format("delta").mode("overwrite").option("overwriteSchema", "true");
                (buckets == null ? writer : writer.partitionBy(SubjectBuckets.COLUMN)).save(table);
            }
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            // the ID column and the properties were committed first (the statistics setting must name the ID
            // column before the new files are written): a failed import takes the table back to what it was
            DeltaTable.forPath(spark, table).restoreToVersion(before);
            throw sourceFault(e, source, "the table was restored to version " + before);
        }
        LakeDataset ds = new LakeDataset(table, id, subjectColumn, spark.read().format("delta").load(table).schema().json());
        ds.write(spark);
        return ds;
    }

    /**
     * Writes a DataFrame as a new lake dataset at {@code into} (benchmarks and jobs that build their data in Spark).
     */
    public static LakeDataset importFrame(SparkSession spark, Dataset<Row> frame, String subjectColumn, String idColumn,
                                          String into) {
        return importFrame(spark, frame, subjectColumn, idColumn, into, null);
    }

    /** As {@link #importFrame(SparkSession, Dataset, String, String, String)}, partitioned by subject bucket when given. */
    public static LakeDataset importFrame(SparkSession spark, Dataset<Row> frame, String subjectColumn, String idColumn,
                                          String target, SubjectBuckets buckets) {
        return create(spark, frame, subjectColumn, idColumn, target, buckets, "the frame");
    }

    /**
     * Creates the Delta table and writes {@code frame} into it; when the write fails (a malformed record of a
     * lazily read source, say) the directory it made is deleted, so that bad input leaves no half-made table.
     */
    private static LakeDataset create(SparkSession spark, Dataset<Row> frame, String subjectColumn, String idColumn,
                                      String target, SubjectBuckets buckets, String source) {
        String into = LakeDataset.location(spark, target);
        Dataset<Row> df = withBuckets(withRecordIds(frame, subjectColumn, idColumn, source), subjectColumn, buckets,
                source);
        String id = idColumn == null ? RECORD_ID : idColumn;
        if (DeltaTable.isDeltaTable(spark, into)) {
            throw new ConflictException("--into " + LetheException.quote(into) + ": a Delta table is already there");
        }
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(into);
        boolean existed = exists(spark, dir);
        try {
            create(spark, into, df, id, buckets != null);
            df.write().format("delta").mode("append").save(into);
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            if (!existed) {
                delete(spark, dir);
            }
            throw sourceFault(e, source, "nothing was imported");
        }
        LakeDataset ds = new LakeDataset(into, id, subjectColumn, spark.read().format("delta").load(into).schema().json());
        ds.write(spark);
        return ds;
    }

    /**
     * A failed write as the caller should see it: the source's own fault (a malformed record, or a file that
     * cannot be read as the format) is invalid input, saying what became of the target; anything else as it came.
     */
    private static RuntimeException sourceFault(Exception e, String source, String outcome) {
        java.util.List<String> conditions = dev.lethe.spark.SparkErrors.conditions(e).stream()
                .filter(c -> c.startsWith("MALFORMED") || c.startsWith("FAILED_READ_FILE")).toList();
        if (!conditions.isEmpty()) {
            return new InvalidInputException("--table " + LetheException.quote(source) + ": a record cannot be read ("
                    + conditions.get(conditions.size() - 1) + "); " + outcome, e);
        }
        return e instanceof RuntimeException r ? r : new dev.lethe.model.UnavailableException(
                "--table " + LetheException.quote(source) + ": Spark failed (" + e.getMessage() + "); " + outcome, e);
    }

    private static boolean exists(SparkSession spark, org.apache.hadoop.fs.Path dir) {
        try {
            return dir.getFileSystem(LakeDataset.conf(spark)).exists(dir);
        } catch (java.io.IOException e) {
            throw new dev.lethe.model.UnavailableException("--into " + LetheException.quote(dir.toString()) + ": "
                    + e.getMessage(), e);
        }
    }

    private static void delete(SparkSession spark, org.apache.hadoop.fs.Path dir) {
        try {
            dir.getFileSystem(LakeDataset.conf(spark)).delete(dir, true);
        } catch (java.io.IOException e) {
            throw new dev.lethe.model.UnavailableException("--into " + LetheException.quote(dir.toString())
                    + ": the import failed and its partial table cannot be deleted: " + e.getMessage(), e);
        }
    }

    private static Dataset<Row> withBuckets(Dataset<Row> df, String subjectColumn, SubjectBuckets buckets, String source) {
        if (buckets == null) {
            return df;
        }
        if (Arrays.asList(df.columns()).contains(SubjectBuckets.COLUMN)) {
            throw new InvalidInputException("table " + LetheException.quote(source) + " already has a column '"
                    + SubjectBuckets.COLUMN + "'");
        }
        return df.withColumn(SubjectBuckets.COLUMN, buckets.column(col(subjectColumn)));
    }

    private static Dataset<Row> withRecordIds(Dataset<Row> df, String subjectColumn, String idColumn, String source) {
        String[] columns = df.columns();
        requireColumn(columns, subjectColumn, "--subject", source);
        if (idColumn != null) {
            requireColumn(columns, idColumn, "--id", source);
            checkIds(df, idColumn, source);
            return df.withColumn(idColumn, col(idColumn).cast(DataTypes.LongType));
        }
        if (Arrays.asList(columns).contains(RECORD_ID)) {
            throw new InvalidInputException("table " + LetheException.quote(source) + " already has a column '" + RECORD_ID
                    + "': pass it as --id");
        }
        return df.withColumn(RECORD_ID, monotonically_increasing_id());
    }

    /** Table properties that keep personal values out of the log and make DELETE rewrite files. */
    static Map<String, String> erasureProperties(String idColumn) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("delta.dataSkippingStatsColumns", idColumn);
        p.put("delta.enableDeletionVectors", "false");
        p.put("delta.enableChangeDataFeed", "false");
        return p;
    }

    private static void create(SparkSession spark, String table, Dataset<Row> df, String idColumn, boolean bucketed) {
        var builder = DeltaTable.create(spark).location(table).addColumns(df.schema());
        if (bucketed) {
            builder = builder.partitionedBy(SubjectBuckets.COLUMN);
        }
        for (Map.Entry<String, String> e : erasureProperties(idColumn).entrySet()) {
            builder = builder.property(e.getKey(), e.getValue());
        }
        builder.execute();
    }

    private static void setProperties(SparkSession spark, String table, String idColumn) {
        StringBuilder sql = new StringBuilder("ALTER TABLE " + quoted(table) + " SET TBLPROPERTIES (");
        String sep = "";
        for (Map.Entry<String, String> e : erasureProperties(idColumn).entrySet()) {
            sql.append(sep).append('\'').append(e.getKey()).append("' = '").append(e.getValue()).append('\'');
            sep = ", ";
        }
        spark.sql(sql.append(')').toString());
    }

    private static String quoted(String table) {
        return "delta.`" + table.replace("`", "``") + "`";
    }

    static Dataset<Row> read(SparkSession spark, String source, LakeFormat format) {
        try {
            return switch (format) {
                case DELTA -> {
                    if (!DeltaTable.isDeltaTable(spark, source)) {
                        throw new NotFoundException("--table " + LetheException.quote(source) + ": no Delta table there");
                    }
                    yield spark.read().format("delta").load(source);
                }
                case PARQUET -> spark.read().parquet(source);
                case CSV -> spark.read().option("header", "true").option("inferSchema", "true").option("mode", "FAILFAST").csv(source);
            };
        } catch (LetheException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException (a missing path, say) is checked and thrown undeclared
            throw new NotFoundException("--table " + LetheException.quote(source) + ": cannot read it as "
                    + format.name().toLowerCase(java.util.Locale.ROOT) + ": " + dev.lethe.spark.SparkErrors.firstLine(e), e);
        }
    }

    static void requireColumn(String[] columns, String name, String flag, String source) {
        if (name == null || !Arrays.asList(columns).contains(name)) {
            throw new InvalidInputException(flag + ": table " + LetheException.quote(source) + " has no column "
                    + LetheException.quote(String.valueOf(name)) + "; columns are " + Arrays.toString(columns));
        }
    }

    private static void checkIds(Dataset<Row> df, String idColumn, String source) {
        DataType type = Arrays.stream(df.schema().fields()).filter(f -> f.name().equals(idColumn))
                .map(StructField::dataType).findFirst().orElseThrow();
        if (!(type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType) || type.equals(DataTypes.ShortType))) {
            throw new InvalidInputException("--id " + LetheException.quote(idColumn) + ": expected an integral column, got "
                    + type.simpleString());
        }
        Row r = df.agg(count("*"), count(col(idColumn)), count_distinct(col(idColumn))).first();
        long rows = r.getLong(0);
        if (r.getLong(1) != rows || r.getLong(2) != rows) {
            throw new InvalidInputException("--id " + LetheException.quote(idColumn) + " in " + LetheException.quote(source)
                    + ": record IDs must be present and unique; " + rows + " rows, " + r.getLong(1) + " with an ID, "
                    + r.getLong(2) + " distinct");
        }
    }
}
