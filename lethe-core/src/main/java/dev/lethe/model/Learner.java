package dev.lethe.model;

import dev.lethe.data.Dataset;
import java.util.Map;

/**
 * Fits models of one family. A learner holds immutable, validated options and a seed: the same
 * learner on the same data gives the same model.
 */
public interface Learner<M extends UnlearnableModel> {

    String family();

    /** The options as the flat settings that {@link ModelFamily#learner} turns back into this learner. */
    Map<String, String> settings();

    long seed();

    M fit(Dataset data);

    /**
     * This learner reporting progress of {@link #fit} to {@code progress}; learners that train in
     * one quick step return themselves (the default).
     */
    default Learner<M> withProgress(TrainingProgress progress) {
        return this;
    }
}
