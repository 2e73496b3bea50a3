package dev.lethe.store;

import java.time.Instant;

/** Something that happened to a model besides a forget, e.g. a retrain forced by the retraining policy. */
public record ModelEvent(String modelName, int version, String event, String detail, Long batchId, Instant at) {
}
