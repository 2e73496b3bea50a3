package dev.lethe.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The embedded Spark session that {@code ./lethe spark}, the benchmarks and the tests run on: a
 * {@code local[…]} master with Delta Lake's SQL extension and catalog, the web UI off, few shuffle
 * partitions (the data of one machine) and the driver bound to the loopback address. Under
 * {@code spark-submit} the session runs on the master and settings it was given, with Delta's.
 */
public final class LocalSpark {

    private LocalSpark() {
    }

    /**
     * The active session, or a new local one.
     *
     * @param master e.g. {@code local[2]}; {@code local[2,3]} also retries a failed task up to 3 times
     */
    public static SparkSession session(String master) {
        return session(master, java.util.Map.of());
    }

    /** As {@link #session(String)}, with extra settings for a new session. */
    public static synchronized SparkSession session(String master, java.util.Map<String, String> settings) {
        SparkSession active = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get()
                : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
        if (active != null && !active.sparkContext().isStopped()) {
            return active;
        }
        SparkSession.Builder builder = SparkSession.builder();
        settings.forEach(builder::config);
        configuration(master).forEach(builder::config);
        SparkSession s = builder.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /** The system property in which {@code spark-submit} hands its {@code --master} to the application. */
    public static final String SUBMITTED_MASTER = "spark.master";

    /**
     * The master to run on: the one asked for, else the one {@code spark-submit} gave (a cluster's, which an
     * embedded default must not replace), else {@code local[*]}.
     */
    public static String master(String asked, String submitted) {
        return asked != null ? asked : submitted != null ? submitted : "local[*]";
    }

    /**
     * Parquet's vectored reads (Parquet 1.14+), off on a local master. Hadoop's local file system
     * ({@code ChecksumFileSystem}) serves each vectored read with {@code CompletableFuture.thenCombineAsync} and no
     * executor, and where the common fork-join pool has fewer than 2 threads (a JVM that sees 2 cores or fewer) the
     * JDK runs every such step on a thread of its own: 270–510 threads started per 10 M-row lake fit, each task
     * blocked on them (lethe-bench/results/spark.md, fit7). Sequential reads of a local file lose nothing.
     */
    static final String VECTORED_READS = "spark.hadoop.parquet.hadoop.vectored.io.enabled";

    /**
     * oneDNN's instruction-set cap, which PyTorch's convolutions need to be bit-reproducible on AVX-512 processors
     * (lethe-djl's {@code Torch}): {@code ./lethe} sets it for its own JVM, where a local master's tasks run; a
     * cluster's executors get the driver's value (AVX2 when it has none) unless {@code spark-submit} set theirs.
     */
    static final String ISA_CAP = "ONEDNN_MAX_CPU_ISA";
    static final String EXECUTOR_ISA_CAP = "spark.executorEnv." + ISA_CAP;

    /**
     * What Lethe sets on a new session for {@code master}: Delta's extension and catalog always; the tuning for
     * one machine (driver on the loopback address, few partitions, no UI) only for a {@code local} master, since
     * on a cluster executors must reach the driver and {@code spark-submit}'s own settings apply; on a cluster, the
     * executors' oneDNN cap ({@link #EXECUTOR_ISA_CAP}) unless {@code spark-submit} set it.
     */
    static java.util.Map<String, String> configuration(String master) {
        java.util.Map<String, String> c = new java.util.LinkedHashMap<>();
        c.put("spark.master", master);
        if (master.startsWith("local")) {
            c.put("spark.app.name", "lethe");
            c.put("spark.driver.bindAddress", "127.0.0.1");
            c.put("spark.driver.host", "127.0.0.1");
            c.put("spark.ui.enabled", "false");
            c.put("spark.ui.showConsoleProgress", "false");
            c.put("spark.sql.shuffle.partitions", "4");
            // a lake's many small bucket files are packed into splits as if each cost 4 MB to open, which
            // leaves a 10 M-row table in 9 splits whatever the cores: too few to keep 2 cores equally busy
            c.put("spark.sql.files.minPartitionNum", Integer.toString(8 * cores(master)));
            c.put("spark.default.parallelism", "4");
            // Delta's VACUUM lists files with this many tasks (default 10 000): far too many for one machine
            c.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", "4");
            // and rebuilds a table's state in 50 partitions by default
            c.put("spark.databricks.delta.snapshotPartitions", "2");
            c.put(VECTORED_READS, "false");
        } else if (System.getProperty(EXECUTOR_ISA_CAP) == null) {
            c.put(EXECUTOR_ISA_CAP, System.getenv().getOrDefault(ISA_CAP, "AVX2"));
        }
        c.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        c.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        c.put("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false");
        return c;
    }

    /** The task slots of a local master: {@code local} 1, {@code local[n]} or {@code local[n,f]} n, {@code local[*]} every core. */
    public static int cores(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?").matcher(master);
        if (!m.matches()) {
            return Runtime.getRuntime().availableProcessors();
        }
        return m.group(1) == null ? 1 : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                : Math.max(1, Integer.parseInt(m.group(1)));
    }
}
