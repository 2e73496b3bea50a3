package dev.lethe.models.linear;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the features of a schema become columns of the design matrix: column 0 is the intercept,
 * a numeric feature takes one column, a categorical feature one indicator column per level of its
 * dictionary's index space (tombstoned levels included, so the columns do not depend on which rows
 * remain; such a column is all zeros and its coefficient zero, as in a model retrained without it).
 * Forgotten features take no column.
 *
 * <p>Numeric values enter as they are (not centred or scaled): a model that forgot rows and a
 * model retrained without them then solve the same equations in the same coordinates, which is
 * what makes them agree to rounding. Immutable.
 */
final class DesignLayout {

    static final String INTERCEPT = "intercept";

    private final Schema schema;
    /** First design column of each feature, or -1 when the feature is forgotten. */
    private final int[] start;
    private final boolean[] categorical;
    private final int dimension;

    private DesignLayout(Schema schema, boolean[] active) {
        this.schema = schema;
        int p = schema.numFeatures();
        this.start = new int[p];
        this.categorical = new boolean[p];
        int next = 1;
        for (int j = 0; j < p; j++) {
            Attribute a = schema.feature(j);
            categorical[j] = a.isCategorical();
            if (active[j]) {
                start[j] = next;
                next += categorical[j] ? a.numLevels() : 1;
            } else {
                start[j] = -1;
            }
        }
        this.dimension = next;
    }

    /** All features of the schema active. */
    static DesignLayout of(Schema schema) {
        boolean[] active = new boolean[schema.numFeatures()];
        Arrays.fill(active, true);
        return new DesignLayout(schema, active);
    }

    /** A layout restored from a model file. */
    static DesignLayout of(Schema schema, boolean[] active) {
        if (active.length != schema.numFeatures()) {
            throw new IllegalArgumentException("expected " + schema.numFeatures() + " feature flags, got " + active.length);
        }
        return new DesignLayout(schema, active.clone());
    }

    /** This layout without feature {@code j}. */
    DesignLayout without(int j) {
        boolean[] active = new boolean[start.length];
        for (int f = 0; f < start.length; f++) {
            active[f] = start[f] >= 0 && f != j;
        }
        return new DesignLayout(schema, active);
    }

    /** The number of design columns, intercept included. */
    int dimension() {
        return dimension;
    }

    /** The number of design columns an active feature takes. */
    int width(int j) {
        return categorical[j] ? schema.feature(j).numLevels() : 1;
    }

    /** Whether each feature of the schema has columns (is not forgotten). */
    boolean[] activeFlags() {
        boolean[] out = new boolean[start.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = start[j] >= 0;
        }
        return out;
    }

    /** The design columns kept when feature {@code j} is dropped, as indices into this layout. */
    int[] columnsWithout(int j) {
        int[] keep = new int[dimension - width(j)];
        int k = 0;
        for (int c = 0; c < dimension; c++) {
            if (c < start[j] || c >= start[j] + width(j)) {
                keep[k++] = c;
            }
        }
        return keep;
    }

    /**
     * Writes the non-zero entries of row {@code i}'s design vector into {@code index} and
     * {@code value}, in ascending column order, and returns how many there are.
     */
    int encode(Dataset data, int i, int[] index, double[] value) {
        index[0] = 0;
        value[0] = 1.0;
        int nnz = 1;
        for (int j = 0; j < start.length; j++) {
            int s = start[j];
            if (s < 0) {
                continue;
            }
            double v = data.value(i, j);
            if (categorical[j]) {
                index[nnz] = s + (int) v;
                value[nnz] = 1.0;
            } else {
                index[nnz] = s;
                value[nnz] = v;
            }
            nnz++;
        }
        return nnz;
    }

    /** The most non-zero entries a design vector can have. */
    int maxNonZeros() {
        int nnz = 1;
        for (int s : start) {
            if (s >= 0) {
                nnz++;
            }
        }
        return nnz;
    }

    /**
     * Scores of a full row (the training schema's columns) under coefficients
     * {@code weights[c * outputs + k]}, written into {@code scores}.
     */
    void scores(double[] row, double[] weights, int outputs, double[] scores) {
        if (row.length != start.length) {
            throw new IllegalArgumentException("expected a row of " + start.length + " features (the model's training schema), got "
                    + row.length);
        }
        System.arraycopy(weights, 0, scores, 0, outputs);
        for (int j = 0; j < start.length; j++) {
            int s = start[j];
            if (s < 0) {
                continue;
            }
            double v = row[j];
            if (categorical[j]) {
                int level = (int) v;
                if (level != v || level < 0 || level >= width(j)) {
                    throw new IllegalArgumentException("feature '" + schema.feature(j).name() + "': expected a level index in [0, "
                            + width(j) + "), got " + v);
                }
                int base = (s + level) * outputs;
                for (int k = 0; k < outputs; k++) {
                    scores[k] += weights[base + k];
                }
            } else {
                int base = s * outputs;
                for (int k = 0; k < outputs; k++) {
                    scores[k] += v * weights[base + k];
                }
            }
        }
    }

    /**
     * The parameter name of each design column under the model's current dictionaries: "intercept",
     * a numeric feature's name, or "feature=level" ("feature=#index" once the level is tombstoned, so
     * a forgotten value leaves the names too).
     */
    List<String> columnNames(Schema current) {
        List<String> names = new ArrayList<>(dimension);
        names.add(INTERCEPT);
        for (int j = 0; j < start.length; j++) {
            if (start[j] < 0) {
                continue;
            }
            Attribute a = current.feature(j);
            if (categorical[j]) {
                for (int level = 0; level < a.numLevels(); level++) {
                    names.add(levelColumn(a, level));
                }
            } else {
                names.add(a.name());
            }
        }
        return names;
    }

    /** The name of a level's indicator column: "feature=level", or "feature=#index" for a tombstoned level. */
    static String levelColumn(Attribute a, int level) {
        return a.name() + "=" + (a.isLive(level) ? a.levels().get(level) : "#" + level);
    }
}
