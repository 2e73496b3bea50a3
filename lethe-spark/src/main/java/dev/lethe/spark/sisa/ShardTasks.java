package dev.lethe.spark.sisa;

import dev.lethe.model.Digests;
import dev.lethe.model.InternalException;
import dev.lethe.model.UnavailableException;
import dev.lethe.models.sisa.PortableShardJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * The executor side of {@link SparkShardRunner}: the body of one Spark task, which runs a shard —
 * an encoded job that travelled with the task, or (for plain supplier tasks, local masters only) a
 * task the driver posted under a run ID — and writes its state bytes to the artifact root.
 */
final class ShardTasks {

    private static final Map<String, List<? extends Supplier<?>>> RUNS = new ConcurrentHashMap<>();

    /** Task attempts failed on purpose (see {@link SparkShardRunner#FAIL_FIRST_ATTEMPT}). */
    static final AtomicInteger SIMULATED_FAILURES = new AtomicInteger();

    private ShardTasks() {
    }

    static void post(String run, List<? extends Supplier<?>> tasks) {
        RUNS.put(run, tasks);
    }

    static void remove(String run) {
        RUNS.remove(run);
    }

    /** Runs task {@code index} of {@code run} and returns {@code path \t sha256 \t bytes} of its artifact. */
    static String run(String run, int index, String root, int failFirstAttemptOf) throws IOException {
        failOnPurpose(index, failFirstAttemptOf);
        List<? extends Supplier<?>> tasks = RUNS.get(run);
        if (tasks == null) {
            throw new UnavailableException("shard run " + run + " is not known to this executor's JVM");
        }
        Object result = tasks.get(index).get();
        if (!(result instanceof byte[] bytes)) {
            throw new InternalException("shard task " + index + " returned " + result + ", expected its state as bytes");
        }
        return write(run, index, root, bytes);
    }

    /**
     * Runs one encoded shard job ({@link PortableShardJob}) where Spark placed it — any executor, since
     * the job's bytes travel with the task — and returns {@code path \t sha256 \t bytes} of its artifact.
     */
    static String runJob(String run, int index, byte[] job, String root, int failFirstAttemptOf) throws IOException {
        failOnPurpose(index, failFirstAttemptOf);
        return write(run, index, root, PortableShardJob.run(job));
    }

    private static void failOnPurpose(int index, int failFirstAttemptOf) {
        TaskContext context = TaskContext.get();
        if (index == failFirstAttemptOf && context != null && context.attemptNumber() == 0) {
            SIMULATED_FAILURES.incrementAndGet();
            throw new IllegalStateException("simulated loss of the executor running shard task " + index);
        }
    }

    private static String write(String run, int index, String root, byte[] bytes) throws IOException {
        String sha = Digests.hex(Digests.sha256().digest(bytes));
        Path path = new Path(new Path(root, run), "shard-task-" + index + "-" + sha + ".bin");
        FileSystem fs = path.getFileSystem(new Configuration());
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
        return path + "\t" + sha + "\t" + bytes.length;
    }

    static byte[] read(ShardArtifact a) {
        Path path = new Path(a.path());
        try {
            FileSystem fs = path.getFileSystem(new Configuration());
            byte[] bytes = new byte[Math.toIntExact(a.bytes())];
            try (InputStream in = fs.open(path)) {
                in.readNBytes(bytes, 0, bytes.length);
            }
            String sha = Digests.hex(Digests.sha256().digest(bytes));
            if (!sha.equals(a.sha256())) {
                throw new InternalException("shard artifact " + path + ": SHA-256 " + sha + ", the task wrote " + a.sha256());
            }
            return bytes;
        } catch (IOException e) {
            throw new UnavailableException("cannot read shard artifact " + path + ": " + e.getMessage(), e);
        }
    }
}
