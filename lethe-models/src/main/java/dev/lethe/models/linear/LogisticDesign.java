package dev.lethe.models.linear;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.math.SparseRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The design matrix of a logistic model: column 0 is the intercept (always 1), then each numeric
 * feature as-is and each categorical feature one-hot over all its levels (unused levels included,
 * since the dictionary belongs to the schema). A forgotten feature keeps its columns in the layout
 * but they hold zeros and their weights stay zero, which is the same optimisation problem as a
 * design without them; {@link #parameters} leaves them out so a retrained model compares cleanly.
 */
final class LogisticDesign {

    static final String INTERCEPT = "(intercept)";

    private final Schema schema;
    private final int[] start;
    private final int[] width;
    private final int columns;
    private final List<String> columnNames;

    LogisticDesign(Schema schema) {
        this.schema = schema;
        int d = schema.numFeatures();
        this.start = new int[d];
        this.width = new int[d];
        List<String> names = new ArrayList<>();
        names.add(INTERCEPT);
        int next = 1;
        for (int j = 0; j < d; j++) {
            Attribute a = schema.feature(j);
            start[j] = next;
            if (a.isCategorical()) {
                width[j] = a.numLevels();
                for (int level = 0; level < a.numLevels(); level++) {
                    names.add(DesignLayout.levelColumn(a, level));
                }
            } else {
                width[j] = 1;
                names.add(a.name());
            }
            next += width[j];
        }
        this.columns = next;
        this.columnNames = List.copyOf(names);
    }

    int columns() {
        return columns;
    }

    List<String> columnNames() {
        return columnNames;
    }

    int start(int feature) {
        return start[feature];
    }

    int width(int feature) {
        return width[feature];
    }

    /** Which design columns are live when the given features are forgotten. */
    boolean[] activeColumns(boolean[] forgotten) {
        boolean[] active = new boolean[columns];
        active[0] = true;
        for (int j = 0; j < start.length; j++) {
            for (int c = 0; c < width[j]; c++) {
                active[start[j] + c] = !forgotten[j];
            }
        }
        return active;
    }

    /**
     * Encodes one row of the training schema densely through the model's preparation (numeric values
     * prepared, then the features scaled to unit length when it says so); forgotten features give zeros.
     */
    double[] encode(double[] row, boolean[] forgotten, LogisticPreparation preparation, double[] into) {
        java.util.Arrays.fill(into, 0);
        into[0] = 1;
        for (int j = 0; j < start.length; j++) {
            if (forgotten[j]) {
                continue;
            }
            if (width[j] == 1 && !schema.feature(j).isCategorical()) {
                into[start[j]] = preparation.value(j, row[j]);
            } else {
                into[start[j] + (int) row[j]] = 1;
            }
        }
        if (preparation.unitRows()) {
            double squares = 0;
            for (int c = 1; c < columns; c++) {
                squares += into[c] * into[c];
            }
            if (squares > 0) {
                double norm = Math.sqrt(squares);
                for (int c = 1; c < columns; c++) {
                    into[c] /= norm;
                }
            }
        }
        return into;
    }

    /** The sparse, prepared design of every row of {@code data} (which follows this design's schema). */
    SparseRows build(Dataset data, boolean[] forgotten, LogisticPreparation preparation) {
        SparseRows.Builder b = new SparseRows.Builder(columns);
        double[] row = new double[schema.numFeatures()];
        double[] x = new double[columns];
        for (int i = 0; i < data.size(); i++) {
            b.addDense(encode(data.copyRow(i, row), forgotten, preparation, x));
        }
        return b.build();
    }

    /**
     * Parameter blocks keyed by feature name (plus {@value #INTERCEPT}); for several weight blocks
     * (multinomial) each key holds the feature's weights of block 0, then block 1, and so on.
     */
    Map<String, double[]> parameters(double[] w, int blocks, boolean[] forgotten) {
        Map<String, double[]> out = new LinkedHashMap<>();
        double[] intercept = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            intercept[k] = w[k * columns];
        }
        out.put(INTERCEPT, intercept);
        for (int j = 0; j < start.length; j++) {
            if (forgotten[j]) {
                continue;
            }
            double[] v = new double[blocks * width[j]];
            for (int k = 0; k < blocks; k++) {
                System.arraycopy(w, k * columns + start[j], v, k * width[j], width[j]);
            }
            out.put(schema.feature(j).name(), v);
        }
        return out;
    }

    /** The forgotten-feature mask of a schema given the forgotten names. */
    static boolean[] mask(Schema schema, Set<String> forgotten) {
        boolean[] m = new boolean[schema.numFeatures()];
        for (int j = 0; j < m.length; j++) {
            m[j] = forgotten.contains(schema.feature(j).name());
        }
        return m;
    }
}
