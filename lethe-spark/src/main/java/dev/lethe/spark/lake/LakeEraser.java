package dev.lethe.spark.lake;

import static org.apache.spark.sql.functions.col;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.UnavailableException;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * Erases records from a {@link LakeDataset} so that their bytes leave the lake, following Delta
 * Lake's documented route for GDPR/CCPA requests ("Best practices: GDPR and CCPA compliance using
 * Delta Lake"): {@code DELETE} by record ID (the commit info then records only IDs), {@code VACUUM}
 * with the user's {@link VacuumPolicy}, and, once the replaced files are gone, a checkpoint after
 * which the older log entries — the only place statistics of replaced files could survive — are
 * removed. The result says, from a listing of the directory, whether the old files are gone.
 */
public final class LakeEraser {

    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    private LakeEraser() {
    }

    public static LakeErasure erase(SparkSession spark, LakeDataset dataset, long[] recordIds, VacuumPolicy policy) {
        return erase(spark, dataset, recordIds, policy, null);
    }

    /**
     * As {@link #erase(SparkSession, LakeDataset, long[], VacuumPolicy)}, with the DELETE limited to
     * {@code scope} as well (the records' subject buckets, say: a predicate on partition columns that
     * spares the DELETE a scan of the other files, and holds no personal value, since Delta logs it).
     */
    public static LakeErasure erase(SparkSession spark, LakeDataset dataset, long[] recordIds, VacuumPolicy policy,
                                    org.apache.spark.sql.Column scope) {
        if (recordIds.length == 0) {
            throw new InvalidInputException("a lake erasure needs at least one record ID");
        }
        dataset.checkSchema(spark);
        DeltaTable table = DeltaTable.forPath(spark, dataset.table());
        Object[] ids = Arrays.stream(recordIds).boxed().toArray();
        org.apache.spark.sql.Column byId = col(dataset.idColumn()).isin(ids);
        table.delete(scope == null ? byId : scope.and(byId));
        Row last = table.history(1).select("version", "operation", "operationMetrics").first();
        long version = last.getLong(0);
        long deleted = "DELETE".equals(last.getString(1)) ? deletedRows(last.getJavaMap(2)) : 0;
        vacuum(spark, table, dataset.table(), policy);
        boolean gone = replacedFilesLeft(spark, dataset.table()).isEmpty();
        boolean scrubbed = gone && scrubLog(spark, dataset.table());
        return new LakeErasure(version, deleted, policy.retentionHours(), gone, scrubbed);
    }

    private static long deletedRows(java.util.Map<Object, Object> metrics) {
        Object n = metrics == null ? null : metrics.get("numDeletedRows");
        return n == null ? 0 : Long.parseLong(n.toString());
    }

    private static void vacuum(SparkSession spark, DeltaTable table, String tablePath, VacuumPolicy policy) {
        String before = spark.conf().get(RETENTION_CHECK, "true");
        if (policy.overrideSafetyCheck()) {
            spark.conf().set(RETENTION_CHECK, "false");
        }
        try {
            // Delta 4 takes the retention from this property (an argument other than 0 h is ignored); it also
            // bounds how long the checkpoint keeps tombstones, which may carry replaced files' statistics
            spark.sql("ALTER TABLE delta.`" + tablePath.replace("`", "``") + "` SET TBLPROPERTIES "
                    + "('delta.deletedFileRetentionDuration' = 'interval " + Math.round(policy.retentionHours() * 3600)
                    + " seconds')");
            table.vacuum();
        } finally {
            spark.conf().set(RETENTION_CHECK, before);
        }
    }

    /** The data files in the table's directory that the current version does not use. */
    static List<String> replacedFilesLeft(SparkSession spark, String tablePath) {
        Set<String> live = new HashSet<>();
        for (String f : spark.read().format("delta").load(tablePath).inputFiles()) {
            live.add(new Path(f).toUri().getPath());
        }
        try {
            Path root = new Path(tablePath);
            FileSystem fs = root.getFileSystem(LakeDataset.conf(spark));
            List<String> left = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                if (isData(root, p) && !live.contains(p.toUri().getPath())) {
                    left.add(p.getName());
                }
            }
            return left;
        } catch (IOException e) {
            throw new UnavailableException("table " + tablePath + ": cannot list its files: " + e.getMessage(), e);
        }
    }

    private static boolean isData(Path root, Path p) {
        String base = Path.getPathWithoutSchemeAndAuthority(root).toString();
        String full = Path.getPathWithoutSchemeAndAuthority(p).toString();
        String rel = full.startsWith(base + "/") ? full.substring(base.length() + 1) : full;
        return !rel.startsWith("_") && !rel.startsWith(".") && !p.getName().startsWith(".") && !p.getName().startsWith("_");
    }

    /**
     * Writes a checkpoint of the current version and deletes every log file of an earlier version
     * (commits, checksums, checkpoints): what Delta's own log clean-up does once entries expire,
     * done now because those entries describe files the erase removed.
     */
    static boolean scrubLog(SparkSession spark, String tablePath) {
        DeltaLog log = DeltaLog.forTable(spark, tablePath);
        long version = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
        log.checkpoint();
        Path logDir = new Path(tablePath, "_delta_log");
        try {
            FileSystem fs = logDir.getFileSystem(LakeDataset.conf(spark));
            for (FileStatus s : fs.listStatus(logDir)) {
                long v = logVersion(s.getPath().getName());
                if (s.isFile() && v >= 0 && v < version) {
                    fs.delete(s.getPath(), false);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UnavailableException("table " + tablePath + ": cannot clean its log: " + e.getMessage(), e);
        }
    }

    /** The version a log file name starts with ({@code 00000000000000000003.json}, {@code ….checkpoint.parquet}), or -1. */
    static long logVersion(String name) {
        int dot = name.indexOf('.');
        if (dot != 20) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
