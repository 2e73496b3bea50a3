package dev.lethe.spark.sisa;

/**
 * One shard's state as a task wrote it under the artifact root (a Hadoop FileSystem URI: local,
 * HDFS or S3A): where, its SHA-256 and its size. The driver checks the digest when it reads the
 * state back.
 */
public record ShardArtifact(int task, String path, String sha256, long bytes) {
}
