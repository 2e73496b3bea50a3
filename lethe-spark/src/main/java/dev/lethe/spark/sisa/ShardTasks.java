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
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The executor side of {@link SparkShardRunner}: the body of one Spark task, which runs a shard —
 * an encoded job that travelled with the task, or (for plain supplier tasks, local masters only) a
 * task the driver posted under a run ID — and writes its state bytes to the artifact root.
 */
final class ShardTasks {

    private static final Map<String, List<? extends Supplier<?>>> RUNS = new ConcurrentHashMap<>();

    /** One Hadoop configuration per JVM: making one parses the default resources again (milliseconds per task). */
    static final Configuration HADOOP = new Configuration();

    private ShardTasks() {
    }

    static void post(String run, List<? extends Supplier<?>> tasks) {
        RUNS.put(run, tasks);
    }

    static void remove(String run) {
        RUNS.remove(run);
    }

    /** Runs task {@code index} of {@code run} and returns {@code path \t sha256 \t bytes} of its artifact. */
    static String run(String run, int index, String root, FailureDrill drill) throws IOException {
        drill.failIfDrilled(index);
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
    static String runJob(String run, int index, byte[] job, String root, FailureDrill drill) throws IOException {
        drill.failIfDrilled(index);
        return write(run, index, root, PortableShardJob.run(job));
    }

    /** As {@link #runJob(String, int, byte[], String, int)}, returning the state's SHA-256 and bytes as the task's result. */
    static scala.Tuple2<String, byte[]> runJob(int index, byte[] job, FailureDrill drill) {
        drill.failIfDrilled(index);
        byte[] bytes = PortableShardJob.run(job);
        return new scala.Tuple2<>(sha256(bytes), bytes);
    }

    private static String sha256(byte[] bytes) {
        return Digests.hex(Digests.sha256().digest(bytes));
    }

    /** Throws when {@code bytes} are not what their task hashed (a corrupted transfer). */
    static void check(byte[] bytes, String sha, String what) {
        String actual = sha256(bytes);
        if (!actual.equals(sha)) {
            throw new InternalException(what + ": SHA-256 " + actual + ", the task wrote " + sha);
        }
    }

    private static String write(String run, int index, String root, byte[] bytes) throws IOException {
        String sha = sha256(bytes);
        Path path = new Path(new Path(root, run), "shard-task-" + index + "-" + sha + ".bin");
        FileSystem fs = path.getFileSystem(HADOOP);
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
        return path + "\t" + sha + "\t" + bytes.length;
    }

    static byte[] read(ShardArtifact a) {
        Path path = new Path(a.path());
        try {
            FileSystem fs = path.getFileSystem(HADOOP);
            byte[] bytes = new byte[Math.toIntExact(a.bytes())];
            try (InputStream in = fs.open(path)) {
                in.readNBytes(bytes, 0, bytes.length);
            }
            check(bytes, a.sha256(), "shard artifact " + path);
            return bytes;
        } catch (IOException e) {
            throw new UnavailableException("cannot read shard artifact " + path + ": " + e.getMessage(), e);
        }
    }
}
