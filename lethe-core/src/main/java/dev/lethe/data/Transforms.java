package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-dataset feature transforms that produce a new {@link Dataset} with the same record and
 * subject IDs: the preparations that certified removal assumes (rows of bounded norm) and that
 * heavy-tailed counts need. Statistics are computed once, over all rows given.
 */
public final class Transforms {

    private Transforms() {
    }

    /** A function of one row's values (modified in place or replaced). */
    @FunctionalInterface
    public interface RowMap {
        double[] apply(double[] values);
    }

    /** Every row's features mapped by {@code map}; numeric features only (categorical indices are not transformed). */
    public static Dataset mapRows(Dataset data, RowMap map) {
        int n = data.size();
        int d = data.numFeatures();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        String[] subjects = data.hasSubjects() ? new String[n] : null;
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(map.apply(data.copyRow(i, row)), 0, values, i * d, d);
            targets[i] = data.target(i);
            if (subjects != null) {
                subjects[i] = data.subjectId(i);
            }
        }
        return Dataset.of(data.schema(), values, targets, data.recordIds(), subjects);
    }

    /** Each feature divided by {@code divisor} (e.g. 255 for 8-bit pixels). */
    public static Dataset divided(Dataset data, double divisor) {
        return mapRows(data, row -> {
            for (int j = 0; j < row.length; j++) {
                row[j] /= divisor;
            }
            return row;
        });
    }

    /** Each row scaled to unit Euclidean norm (all-zero rows stay zero). */
    public static Dataset unitRows(Dataset data) {
        return mapRows(data, row -> {
            double s = 0;
            for (double v : row) {
                s += v * v;
            }
            double norm = Math.sqrt(s);
            if (norm > 0) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= norm;
                }
            }
            return row;
        });
    }

    /** Each feature log(1 + x)-transformed, then z-scored (a constant feature becomes 0). */
    public static Dataset log1pStandardised(Dataset data) {
        int n = data.size();
        int d = data.numFeatures();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += Math.log1p(data.value(i, j)) / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double e = Math.log1p(data.value(i, j)) - mean[j];
                sd[j] += e * e / n;
            }
        }
        return mapRows(data, row -> {
            for (int j = 0; j < d; j++) {
                double s = Math.sqrt(sd[j]);
                row[j] = s > 0 ? (Math.log1p(row[j]) - mean[j]) / s : 0;
            }
            return row;
        });
    }

    /**
     * The rows of the given classes only, as a classification with exactly those classes in the given
     * order (e.g. MNIST digits "3" and "8" as a binary task).
     */
    public static Dataset onlyClasses(Dataset data, List<String> classes) {
        Schema schema = data.schema();
        if (!schema.isClassification()) {
            throw new DataException("onlyClasses needs a classification dataset");
        }
        int[] newIndex = new int[schema.numClasses()];
        java.util.Arrays.fill(newIndex, -1);
        for (int k = 0; k < classes.size(); k++) {
            int old = schema.target().levelIndex(classes.get(k));
            if (old < 0) {
                throw new DataException("unknown class " + LetheException.quote(classes.get(k)) + "; classes are " + schema.classes());
            }
            newIndex[old] = k;
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (newIndex[data.label(i)] >= 0) {
                keep.add(i);
            }
        }
        Dataset kept = data.select(keep.stream().mapToInt(Integer::intValue).toArray());
        int n = kept.size();
        int d = kept.numFeatures();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        String[] subjects = kept.hasSubjects() ? new String[n] : null;
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(kept.copyRow(i, row), 0, values, i * d, d);
            targets[i] = newIndex[kept.label(i)];
            if (subjects != null) {
                subjects[i] = kept.subjectId(i);
            }
        }
        Schema binary = new Schema(schema.features(), Attribute.categorical(schema.target().name(), classes), Task.CLASSIFICATION);
        return Dataset.of(binary, values, targets, kept.recordIds(), subjects);
    }
}
