package dev.lethe.store;

/**
 * A model version about to be stored.
 *
 * @param artifact    the model file bytes ({@code ModelFile.toBytes})
 * @param stateDigest the model's state digest
 * @param lineage     the records the version holds
 * @param cause       {@code trained}, {@code forget} or {@code retrain}
 * @param batchId     the forget batch that produced it, or {@code null}
 */
public record NewVersion(byte[] artifact, String stateDigest, Lineage lineage, String cause, Long batchId) {
}
