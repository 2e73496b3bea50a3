package dev.lethe.audit.oracle;

/**
 * How well a model does on three groups of records: accuracy for a classifier, root-mean-square error
 * for a regressor ({@code metric} says which). NaN for an empty group.
 */
public record Utility(String metric, double retained, double forgotten, double heldOut) {

    public static final String ACCURACY = "accuracy";
    public static final String RMSE = "rmse";
}
