package dev.lethe.spark.sisa;

/**
 * One shard's state as a task handed it back: where (under the artifact root, a Hadoop FileSystem
 * URI: local, HDFS or S3A; or {@link #TASK_RESULT}), its SHA-256 and its size. The driver checks
 * the digest when it takes the state.
 */
public record ShardArtifact(int task, String path, String sha256, long bytes) {

    /** The {@link #path()} of a state that came back as the task's result, not as a file. */
    public static final String TASK_RESULT = "spark:task-result";
}
