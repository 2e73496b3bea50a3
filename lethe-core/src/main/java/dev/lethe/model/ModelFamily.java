package dev.lethe.model;

import dev.lethe.data.Dataset;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A model family as a plug-in (found with {@link java.util.ServiceLoader}): its name on the command
 * line, how to build its learner from settings, how to read its model files, and how to judge
 * its forgets. New families register in {@code META-INF/services/dev.lethe.model.ModelFamily}.
 */
public interface ModelFamily {

    /** The name used by {@code --model}, e.g. {@code nb}. */
    String name();

    /** One line for help texts. */
    String description();

    /**
     * A learner from {@code key=value} settings.
     *
     * @throws OptionsException for unknown keys or invalid values
     */
    Learner<?> learner(Map<String, String> settings, long seed);

    /** Restores a model written by {@link UnlearnableModel#writeState}. */
    UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException;

    /** The largest difference from a retrained model that still counts as exact. */
    /**
     * Whether the seed must stay secret. DP-SGD regenerates its noise and batch sampling from the seed
     * (so that a forget retrains exactly), and its guarantee holds only against someone who cannot
     * replay the training with and without a candidate record: a known seed voids it (Abadi et al., CCS
     * 2016, assume secret randomness). Such a seed is drawn from {@link java.security.SecureRandom} when
     * none is given, kept with the model's private state and not shown.
     */
    default boolean seedIsSecret() {
        return false;
    }

    /** The seed to train with: {@code given} when the caller chose one, else {@code usual}, or a secret one when {@link #seedIsSecret()}. */
    default long seedFor(java.util.OptionalLong given, long usual) {
        if (given.isPresent()) {
            return given.getAsLong();
        }
        return seedIsSecret() ? new java.security.SecureRandom().nextLong() : usual;
    }

    default double exactnessTolerance() {
        return 1e-9;
    }

    /**
     * The single, monolithic learner that benchmarks compare this family with, when that is not the
     * family's own learner: e.g. SISA's base learner trained on all the data. Empty by default.
     */
    default Optional<Learner<?>> monolithicBaseline(Map<String, String> settings, long seed) {
        return Optional.empty();
    }

    /** Checks a model against retraining on its training data minus what it forgot. */
    default ExactnessReport verify(UnlearnableModel model, Dataset trainingData) {
        return RetrainCheck.compare(this, model, trainingData);
    }
}
