package dev.lethe.model;

import java.util.Map;

/** A learner's validated hyperparameters, as the flat settings its {@link ModelFamily} rebuilds them from. */
public interface LearnerOptions {

    Map<String, String> toSettings();
}
