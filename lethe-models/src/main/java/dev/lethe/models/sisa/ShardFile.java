package dev.lethe.models.sisa;

/**
 * One SISA shard kept as a file (sisa setting {@code shardsAt}): the shard's index, the file's
 * qualified path, the SHA-256 of its bytes and their number. A model version's payload holds one per
 * shard instead of the shard's state.
 */
public record ShardFile(int shard, String path, String sha256, long bytes) {
}
