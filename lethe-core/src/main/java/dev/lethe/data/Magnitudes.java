package dev.lethe.data;

/**
 * Refuses numbers too large for a model's arithmetic before training starts. A finite value such
 * as 1e200 squares to infinity, so sums of squares (variances, Gram matrices, Hessians, distances)
 * become infinite or NaN: a model trained on it predicts nonsense, cannot be saved and loaded again,
 * or fails with a misleading message. IEEE 754 doubles end at about 1.8e308 (Goldberg, "What every
 * computer scientist should know about floating-point arithmetic", 1991).
 *
 * <p>The check: for every numeric column (and a numeric target), Σ v² times a headroom of
 * 16 × max(rows, features + 1) must stay finite. The headroom covers the largest intermediate the
 * families form: (Σ v)² ≤ n·Σ v², a squared distance over d features ≤ 4·d·max v², and a sum of
 * cross products ≤ Σ v² (Cauchy–Schwarz).
 */
public final class Magnitudes {

    private Magnitudes() {
    }

    /**
     * @param family the model family, to name in the message
     * @throws DataException naming the column, the record and its value when a column's values are too large
     */
    public static void requireSafe(Dataset data, String family) {
        double headroom = 16.0 * Math.max(data.size(), data.numFeatures() + 1);
        Schema schema = data.schema();
        for (int j = 0; j < data.numFeatures(); j++) {
            if (!schema.feature(j).isCategorical()) {
                int row = 0;
                double sum = 0;
                for (int i = 0; i < data.size(); i++) {
                    double v = data.value(i, j);
                    sum += v * v;
                    row = Math.abs(v) > Math.abs(data.value(row, j)) ? i : row;
                }
                check(data, family, schema.feature(j).name(), sum * headroom, row, data.size() == 0 ? 0 : data.value(row, j));
            }
        }
        if (!schema.isClassification()) {
            int row = 0;
            double sum = 0;
            for (int i = 0; i < data.size(); i++) {
                sum += data.target(i) * data.target(i);
                row = Math.abs(data.target(i)) > Math.abs(data.target(row)) ? i : row;
            }
            check(data, family, schema.target().name(), sum * headroom, row, data.size() == 0 ? 0 : data.target(row));
        }
    }

    private static void check(Dataset data, String family, String column, double scaledSum, int row, double value) {
        if (!Double.isFinite(scaledSum)) {
            throw new DataException(family + ": column '" + column + "', record " + data.recordId(row) + ": the value "
                    + value + " is too large for this model's arithmetic (squares and sums of squares of the column overflow "
                    + "a double); rescale the column, e.g. divide it by a power of ten");
        }
    }
}
