package dev.lethe.model;

/**
 * How far a model is from the same learner retrained from scratch on D \ S.
 *
 * @param rowsCompared        rows whose predictions were compared
 * @param maxOutputDifference largest absolute difference of a class probability (classifiers) or
 *                            of a prediction relative to max(1, |retrained|) (regressors)
 * @param disagreements       rows where the predicted class (or value beyond tolerance) differs
 * @param maxParameterDifference largest difference of a named parameter, relative to max(1, |retrained|)
 * @param retrainMillis       time to retrain from scratch
 * @param note                what was compared, in words
 */
public record ExactnessReport(int rowsCompared, double maxOutputDifference, long disagreements,
                              double maxParameterDifference, double tolerance, boolean passed,
                              long retrainMillis, String note) {

    public double maxDifference() {
        return Math.max(maxOutputDifference, maxParameterDifference);
    }
}
