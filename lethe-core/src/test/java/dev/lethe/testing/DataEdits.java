package dev.lethe.testing;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;

/** Datasets rebuilt from another's values, optionally with one value changed: for tests that a model's state digest covers its data. */
public final class DataEdits {

    private DataEdits() {
    }

    /** A copy of {@code data} built afresh from its values (equal data, another object). */
    public static Dataset rebuilt(Dataset data) {
        return withOneValueChanged(data, -1, -1);
    }

    /**
     * A copy of {@code data} with the value at ({@code row}, {@code column}) changed: a feature for a
     * column below the number of features, the target for that number; nothing when {@code row} is negative.
     * A category moves to the next level, a number to {@code v + 1 + |v|}.
     */
    public static Dataset withOneValueChanged(Dataset data, int row, int column) {
        int n = data.size();
        int d = data.numFeatures();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        long[] ids = new long[n];
        String[] subjects = data.hasSubjects() ? new String[n] : null;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                values[i * d + j] = data.value(i, j);
            }
            targets[i] = data.target(i);
            ids[i] = data.recordId(i);
            if (subjects != null) {
                subjects[i] = data.subjectId(i);
            }
        }
        if (row >= 0 && column < d) {
            values[row * d + column] = other(data.schema().feature(column), values[row * d + column]);
        } else if (row >= 0) {
            targets[row] = other(data.schema().target(), targets[row]);
        }
        return Dataset.of(data.schema(), values, targets, ids, subjects);
    }

    private static double other(Attribute attribute, double value) {
        return attribute.isCategorical() ? (value + 1) % attribute.levels().size() : value + 1 + Math.abs(value);
    }
}
