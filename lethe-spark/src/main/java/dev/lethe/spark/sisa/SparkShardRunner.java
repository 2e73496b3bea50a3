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
 * file codec ({@link #shipsBytes()}), written under the artifact root ({@value #ARTIFACTS}, a
 * Hadoop FileSystem URI; default the JVM's temporary directory) with its SHA-256, which the driver
 * checks when it reads the shard back. Artifacts hold training rows, so they are deleted once read.
 *
 * <p>Tasks are handed over in the driver's JVM, so the runner needs a {@code local} master; on a
 * cluster each shard's rows would have to be read by the executor from the lake instead.
 */
public final class SparkShardRunner implements ShardRunner {

    public static final String NAME = "spark";
    /** Spark setting: where shard artifacts are written. */
    public static final String ARTIFACTS = "spark.lethe.shardArtifacts";
    /** Spark setting for tests: the task index whose first attempt fails, as a lost executor would. */
    public static final String FAIL_FIRST_ATTEMPT = "spark.lethe.test.failFirstAttemptOf";

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
        return ShardTasks.SIMULATED_FAILURES.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> runAll(List<? extends Supplier<T>> tasks, int parallelism) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        SparkSession spark = LocalSpark.session("local[*]");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (!jsc.sc().isLocal()) {
            throw new UnavailableException("sisa runner 'spark': tasks are handed over in the driver's JVM, so the master must be "
                    + "local, got " + jsc.master());
        }
        String root = jsc.getConf().get(ARTIFACTS, new Path(System.getProperty("java.io.tmpdir"), "lethe-shard-artifacts").toString());
        int failFirst = jsc.getConf().getInt(FAIL_FIRST_ATTEMPT, -1);
        String run = UUID.randomUUID().toString();
        ShardTasks.post(run, tasks);
        try {
            List<Integer> indices = IntStream.range(0, tasks.size()).boxed().toList();
            List<String> written;
            try {
                written = jsc.parallelize(indices, tasks.size()).map(i -> ShardTasks.run(run, i, root, failFirst)).collect();
            } catch (RuntimeException e) {
                throw new UnavailableException("sisa runner 'spark': Spark gave up on a shard task after its retries: "
                        + rootMessage(e), e);
            }
            List<ShardArtifact> artifacts = new ArrayList<>();
            List<T> out = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                String[] f = written.get(i).split("\t");
                ShardArtifact a = new ShardArtifact(i, f[0], f[1], Long.parseLong(f[2]));
                artifacts.add(a);
                out.add((T) ShardTasks.read(a));
            }
            if (out.size() != tasks.size()) {
                throw new InternalException("sisa runner 'spark': " + out.size() + " results for " + tasks.size() + " tasks");
            }
            lastArtifacts = List.copyOf(artifacts);
            return out;
        } finally {
            ShardTasks.remove(run);
            deleteRun(root, run);
        }
    }

    private static void deleteRun(String root, String run) {
        Path dir = new Path(root, run);
        try {
            FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
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
