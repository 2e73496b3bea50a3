package dev.lethe.spark.sisa;

import dev.lethe.model.InternalException;
import dev.lethe.model.UnavailableException;
import dev.lethe.models.sisa.ShardRunner;
import dev.lethe.spark.LocalSpark;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * SISA's shards as Spark tasks (sisa setting {@code runner=spark}): one partition per shard, so
 * Spark schedules, places and retries them — a lost executor's task runs again (up to
 * {@code spark.task.maxFailures}, or {@code local[n,f]}) and, since a shard task is a pure function
 * of its inputs, the retry yields the same bytes; only when Spark gives up does the run fail, as
 * {@link UnavailableException}, never as a refused forget. Each task returns its shard in the model
 * file codec ({@link #shipsBytes()}) with its SHA-256, which the driver checks: by default as the
 * task's result (Spark's own channel back to the driver, the cheapest: a forget is one small job),
 * or, when {@value #ARTIFACTS} names a Hadoop FileSystem URI (HDFS, S3A; for states too large to
 * travel through the driver's result channel), as a file written there that the driver reads back.
 * Artifacts hold training rows, so they are deleted once read. (Keeping a model's shards as files
 * is a different thing: the sisa setting {@code shardsAt}, {@link HadoopShardFiles}.)
 *
 * <p>SISA hands the runner encoded jobs ({@link #shipsJobs()}, {@code PortableShardJob}), so any master
 * works. Training ships each shard's rows once; they stay <em>resident</em> in the executor's JVM
 * ({@code ResidentShards}, memory only, one slot per model and shard). A forget then ships only the
 * removed record IDs, the shard's relabels, the checkpoint it resumes from and the digests its rows
 * must have before and after, and returns the new state with records by reference (IDs and a content
 * hash the driver checks against its own rows). How forgotten rows leave the executor: the task takes
 * the slot out, erases the removed rows in place (features, target, subject zeroed) and holds the rest
 * under the new digest; a slot replaced or released ({@code ResidentShards.release}, when the model is
 * collected) is erased whole. An executor that lost its rows (or a task Spark placed on another one)
 * answers "not resident" and the driver ships that shard whole again: slower, never wrong. On a
 * multi-executor cluster, an executor that held a slot before Spark placed a forget elsewhere keeps its
 * copy until the model is released or the executor ends. Under
 * {@code spark-submit} the runner uses the application's session:
 * <pre>
 * spark-submit --master yarn --class dev.lethe.spark.cli.SparkMain \
 *     --jars lethe-core.jar,lethe-models.jar,… [--conf spark.lethe.shardArtifacts=hdfs:///tmp/lethe-shards] \
 *     lethe-spark.jar …
 * </pre>
 * with an artifact root, if any, on a file system the executors and the driver share.
 */
public final class SparkShardRunner implements ShardRunner {

    public static final String NAME = "spark";
    /** Spark setting: where shard artifacts are written; unset, states come back as task results. */
    public static final String ARTIFACTS = "spark.lethe.shardArtifacts";
    /** Spark setting for tests: the task index whose first attempt fails, as a lost executor would. */
    public static final String FAIL_FIRST_ATTEMPT = "spark.lethe.test.drillAttemptOf";
    /** Spark setting for tests: the task index whose every attempt fails, so that Spark gives up. */
    public static final String FAIL_EVERY_ATTEMPT = "spark.lethe.test.failEveryAttemptOf";

    private volatile List<ShardArtifact> lastArtifacts = List.of();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean shipsBytes() {
        return true;
    }

    /** The artifacts of the latest run: one per task, with its path and digest. */
    public List<ShardArtifact> lastArtifacts() {
        return lastArtifacts;
    }

    /** How many task attempts failed on purpose in this JVM. */
    public static int simulatedFailures() {
        return FailureDrill.SIMULATED.get();
    }

    @Override
    public boolean shipsJobs() {
        return true;
    }

    /**
     * One Spark job on the session the caller made (the active one: {@code spark-submit}'s on a
     * cluster, or {@code ./lethe spark}'s embedded {@code local[*]}); one partition per shard job,
     * whose bytes travel with its task to whichever executor Spark picks.
     */
    @Override
    public List<byte[]> runJobs(List<byte[]> jobs, int parallelism) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
        FailureDrill drill = FailureDrill.from(jsc.getConf());
        if (!jsc.getConf().contains(ARTIFACTS)) {
            return returned(jsc, jobs, drill);
        }
        String root = artifactRoot(jsc);
        String run = UUID.randomUUID().toString();
        try {
            List<String> written;
            try {
                written = new ShardJobsTask.Written(run, root, drill).runAll(jsc, jobs);
            } catch (Exception e) { // Spark's SparkException is checked (thrown from Scala), so RuntimeException would miss it
                throw new UnavailableException("sisa runner 'spark': Spark gave up on a shard task after its retries: "
                        + rootMessage(e), e);
            }
            return readBack(written, jobs.size());
        } finally {
            deleteRun(root, run);
        }
    }

    /** One task per job, each returning {@code sha256} and its shard's state bytes as its result; the digests are checked here. */
    private List<byte[]> returned(JavaSparkContext jsc, List<byte[]> jobs, FailureDrill drill) {
        List<scala.Tuple2<String, byte[]>> results;
        try {
            results = new ShardJobsTask.Returned(drill).runAll(jsc, jobs);
        } catch (Exception e) { // Spark's SparkException is checked (thrown from Scala)
            throw new UnavailableException("sisa runner 'spark': Spark gave up on a shard task after its retries: "
                    + rootMessage(e), e);
        }
        if (results.size() != jobs.size()) {
            throw new InternalException("sisa runner 'spark': " + results.size() + " results for " + jobs.size() + " tasks");
        }
        List<ShardArtifact> artifacts = new ArrayList<>();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            byte[] bytes = results.get(i)._2();
            ShardTasks.check(bytes, results.get(i)._1(), "shard task " + i + "'s result");
            artifacts.add(new ShardArtifact(i, ShardArtifact.TASK_RESULT, results.get(i)._1(), bytes.length));
            out.add(bytes);
        }
        lastArtifacts = List.copyOf(artifacts);
        return out;
    }

    /** Supplier tasks are handed over in the driver's JVM, so they need a local master; SISA ships jobs instead. */
    @Override
    public <T> List<T> runAll(List<? extends Supplier<T>> tasks, int parallelism) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
        if (!jsc.sc().isLocal()) {
            throw new UnavailableException("sisa runner 'spark': plain tasks are handed over in the driver's JVM, so the "
                    + "master must be local, got " + jsc.master());
        }
        String root = artifactRoot(jsc);
        FailureDrill drill = FailureDrill.from(jsc.getConf());
        String run = UUID.randomUUID().toString();
        ShardTasks.post(run, tasks);
        try {
            List<Integer> indices = IntStream.range(0, tasks.size()).boxed().toList();
            List<String> written;
            try {
                written = jsc.parallelize(indices, tasks.size()).map(i -> ShardTasks.run(run, i, root, drill)).collect();
            } catch (Exception e) { // Spark's SparkException is checked (thrown from Scala), so RuntimeException would miss it
                throw new UnavailableException("sisa runner 'spark': Spark gave up on a shard task after its retries: "
                        + rootMessage(e), e);
            }
            @SuppressWarnings("unchecked")
            List<T> out = (List<T>) (List<?>) readBack(written, tasks.size());
            return out;
        } finally {
            ShardTasks.remove(run);
            deleteRun(root, run);
        }
    }

    /** The session shard jobs run on: the active one (any master), else a new embedded local one. */
    private static SparkSession session() {
        return LocalSpark.session("local[*]");
    }

    private static String artifactRoot(JavaSparkContext jsc) {
        return jsc.getConf().get(ARTIFACTS, new Path(System.getProperty("java.io.tmpdir"), "lethe-shard-artifacts").toString());
    }

    /** Reads each task's artifact back, checking its digest; records the artifacts of this run. */
    private List<byte[]> readBack(List<String> written, int expected) {
        List<ShardArtifact> artifacts = new ArrayList<>();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String[] f = written.get(i).split("\t");
            ShardArtifact a = new ShardArtifact(i, f[0], f[1], Long.parseLong(f[2]));
            artifacts.add(a);
            out.add(ShardTasks.read(a));
        }
        if (out.size() != expected) {
            throw new InternalException("sisa runner 'spark': " + out.size() + " results for " + expected + " tasks");
        }
        lastArtifacts = List.copyOf(artifacts);
        return out;
    }

    private static void deleteRun(String root, String run) {
        Path dir = new Path(root, run);
        try {
            FileSystem fs = dir.getFileSystem(ShardTasks.HADOOP);
            fs.delete(dir, true);
        } catch (IOException e) {
            throw new UnavailableException("cannot delete shard artifacts under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SparkException)) {
            t = t.getCause();
        }
        return dev.lethe.spark.SparkErrors.firstLine(t);
    }
}
