package dev.lethe.store;

import java.time.Instant;

/**
 * One stored version of a model: the SHA-256 of its artifact (a {@code ModelFile}), the model's
 * state digest, its lineage (the records it still holds), why it was made, and whether it has been
 * purged (its artifact deleted because it still held forgotten records).
 *
 * @param cause   {@code trained}, {@code forget} or {@code retrain}
 * @param batchId the forget batch that produced it, or {@code null}
 */
public record VersionInfo(String modelName, int version, String sha256, String stateDigest, Lineage lineage,
                          int liveRecords, String cause, Long batchId, Instant createdAt, Instant purgedAt) {

    public boolean isPurged() {
        return purgedAt != null;
    }
}
