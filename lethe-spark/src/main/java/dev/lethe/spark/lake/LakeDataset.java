package dev.lethe.spark.lake;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.model.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset that stays in the lake: a Delta table whose rows carry a record ID column (assigned
 * once, at import) and a declared subject column. Lethe's registration lives beside the data in
 * {@code _lethe/dataset.properties}: Delta and its VACUUM ignore paths that start with an
 * underscore, so the manifest travels with the table wherever its URI points (local, HDFS, S3A).
 *
 * @param table         the table's URI or path
 * @param idColumn      the record ID column (a long, unique)
 * @param subjectColumn the data-subject column
 * @param schemaJson    the table's schema at import, to notice a table changed behind Lethe's back
 */
public record LakeDataset(String table, String idColumn, String subjectColumn, String schemaJson) {

    static final String MANIFEST = "_lethe/dataset.properties";
    private static final String FORMAT = "lethe-lake-1";

    /**
     * {@code table} as a location that means the same from any directory: a relative path is resolved against
     * the default file system's working directory (a local one becomes an absolute path). Delta's catalog refuses
     * a relative location ({@code DeltaTable.create().location("lake/people")} fails after writing its log), and
     * a home's registry must not hold a path that depends on where the command ran.
     */
    public static String location(SparkSession spark, String table) {
        Path p = new Path(table);
        if (p.isAbsolute() || p.toUri().getScheme() != null) {
            return table;
        }
        try {
            Path q = p.getFileSystem(conf(spark)).makeQualified(p);
            return "file".equals(q.toUri().getScheme()) ? q.toUri().getPath() : q.toString();
        } catch (IOException e) {
            throw new UnavailableException("table " + LetheException.quote(table) + ": cannot resolve its location: "
                    + e.getMessage(), e);
        }
    }

    /** Reads the registration of {@code table} and checks that the table still has the schema it was imported with. */
    public static LakeDataset open(SparkSession spark, String location) {
        String table = location(spark, location);
        Path manifest = new Path(table, MANIFEST);
        Properties p = new Properties();
        try {
            FileSystem fs = manifest.getFileSystem(conf(spark));
            if (!fs.exists(manifest)) {
                throw new NotFoundException("table " + LetheException.quote(table)
                        + ": not a Lethe lake dataset (no " + MANIFEST + "); import it with 'lethe spark import'");
            }
            try (InputStream in = fs.open(manifest)) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UnavailableException("table " + LetheException.quote(table) + ": cannot read " + MANIFEST + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new InvalidInputException("table " + LetheException.quote(table) + ": " + MANIFEST + " has format "
                    + LetheException.quote(String.valueOf(p.getProperty("format"))) + ", expected " + FORMAT);
        }
        LakeDataset ds = new LakeDataset(table, p.getProperty("id"), p.getProperty("subject"), p.getProperty("schema"));
        ds.checkSchema(spark);
        return ds;
    }

    /** The table's schema now. */
    public StructType currentSchema(SparkSession spark) {
        try {
            return spark.read().format("delta").load(table).schema();
        } catch (Exception e) { // Spark's AnalysisException is checked and thrown undeclared
            throw new NotFoundException("table " + LetheException.quote(table) + ": no readable Delta table: " + dev.lethe.spark.SparkErrors.firstLine(e), e);
        }
    }

    /**
     * @throws InvalidInputException when columns were added, dropped or retyped since the import: record IDs and
     *                               models trained on the table no longer mean what they did
     */
    public void checkSchema(SparkSession spark) {
        StructType now = currentSchema(spark);
        StructType then = (StructType) DataType.fromJson(schemaJson);
        if (!now.equals(then)) {
            throw new InvalidInputException("table " + LetheException.quote(table) + ": schema changed since import: was "
                    + then.simpleString() + ", now " + now.simpleString() + "; import it again");
        }
    }

    void write(SparkSession spark) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("id", idColumn);
        p.setProperty("subject", subjectColumn);
        p.setProperty("schema", schemaJson);
        Path manifest = new Path(table, MANIFEST);
        try {
            FileSystem fs = manifest.getFileSystem(conf(spark));
            try (FSDataOutputStream out = fs.create(manifest, true); OutputStream o = out) {
                p.store(new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8), "Lethe lake dataset");
            }
        } catch (IOException e) {
            throw new UnavailableException("table " + LetheException.quote(table) + ": cannot write " + MANIFEST + ": " + e.getMessage(), e);
        }
    }

    static Configuration conf(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }
}
