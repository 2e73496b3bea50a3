package dev.lethe.data;

/** What the target column holds: a class label, or a numeric quantity to regress. */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
