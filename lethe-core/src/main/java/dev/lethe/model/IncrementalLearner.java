package dev.lethe.model;

import dev.lethe.data.Dataset;

/**
 * A learner that trains in steps and can resume from a checkpoint, so that SISA training
 * (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021) can store a checkpoint after each slice
 * and, when a record of slice {@code r} is forgotten, resume from the checkpoint taken before slice
 * {@code r} instead of retraining from scratch.
 *
 * <p>Contract: {@link #trainStep} is a pure function of its arguments (checkpoint bytes, the data
 * seen so far in order, the step and number of steps, and the learner's options and seed), so
 * resuming from a stored checkpoint gives bit for bit what training from scratch on the same data
 * gives. {@code fit(data)} equals {@code model(trainStep(null, data, 0, 1), data)}.
 */
public interface IncrementalLearner<M extends UnlearnableModel> extends Learner<M> {

    /**
     * Runs training step {@code step} (0-based) of {@code steps} on all the data seen so far.
     *
     * @param checkpoint the checkpoint of the previous step, or {@code null} for the first step
     * @param seen       the data of every slice up to and including this one, slice by slice
     * @return the checkpoint after this step (opaque bytes, owned by the caller)
     */
    byte[] trainStep(byte[] checkpoint, Dataset seen, int step, int steps);

    /** The model a checkpoint stands for, holding {@code seen} as its training records. */
    M model(byte[] checkpoint, Dataset seen);
}
