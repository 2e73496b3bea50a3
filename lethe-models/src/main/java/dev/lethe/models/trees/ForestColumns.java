package dev.lethe.models.trees;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.TrainingRecords;

/**
 * The training data in the layout tree building wants: one array per feature (column-major, so
 * a split scan reads memory in order), the record hashes and the current targets, with a mask of
 * the features still in use. Targets change only by relabelling.
 */
final class ForestColumns {

    final double[][] x;
    final boolean[] categorical;
    final long[] featureHash;
    final long[] recordHash;
    final long[] recordId;
    final int[] label;
    final double[] target;
    final boolean classification;
    final int numClasses;
    final boolean[] active;

    private ForestColumns(Dataset data) {
        Schema schema = data.schema();
        int n = data.size();
        int d = schema.numFeatures();
        x = new double[d][n];
        categorical = new boolean[d];
        featureHash = new long[d];
        for (int j = 0; j < d; j++) {
            categorical[j] = schema.feature(j).isCategorical();
            featureHash[j] = ForestHash.nameHash(schema.feature(j).name());
        }
        double[] row = new double[d];
        recordHash = new long[n];
        recordId = new long[n];
        label = new int[n];
        target = new double[n];
        for (int i = 0; i < n; i++) {
            data.copyRow(i, row);
            for (int j = 0; j < d; j++) {
                x[j][i] = row[j] + 0.0; // -0.0 becomes 0.0, so sorting and <= agree
            }
            recordId[i] = data.recordId(i);
            recordHash[i] = ForestHash.recordHash(recordId[i]);
            target[i] = data.target(i);
        }
        classification = schema.isClassification();
        numClasses = classification ? schema.numClasses() : 0;
        if (classification) {
            for (int i = 0; i < n; i++) {
                label[i] = (int) target[i];
            }
        }
        active = new boolean[d];
        java.util.Arrays.fill(active, true);
    }

    /** Columns of a dataset, all features active. */
    static ForestColumns of(Dataset data) {
        return new ForestColumns(data);
    }

    /** Columns of a model's training records: current targets, forgotten features inactive. */
    static ForestColumns of(TrainingRecords records) {
        ForestColumns c = new ForestColumns(records.data());
        for (int i = 0; i < c.recordId.length; i++) {
            c.setTarget(i, records.target(i));
        }
        for (int j = 0; j < c.active.length; j++) {
            c.active[j] = !records.isFeatureForgotten(j);
        }
        return c;
    }

    /** Zeroes the features and target of forgotten rows, as a saved and loaded forest holds them. */
    void erase(int[] rows) {
        for (int r : rows) {
            for (double[] column : x) {
                column[r] = 0.0;
            }
            setTarget(r, 0.0);
        }
    }

    /** Zeroes a forgotten feature's column, as the records hold it after the forget commits. */
    void eraseColumn(int feature) {
        java.util.Arrays.fill(x[feature], 0.0);
    }

    void setTarget(int row, double t) {
        target[row] = t;
        if (classification) {
            label[row] = (int) t;
        }
    }

    int numFeatures() {
        return x.length;
    }

    int activeCount() {
        int a = 0;
        for (boolean b : active) {
            a += b ? 1 : 0;
        }
        return a;
    }

    /** Whether row goes to the left child of a split on feature {@code f} at {@code threshold}. */
    boolean goesLeft(int row, int f, double threshold) {
        double v = x[f][row];
        return categorical[f] ? v == threshold : v <= threshold;
    }
}
