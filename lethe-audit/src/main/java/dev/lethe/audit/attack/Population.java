package dev.lethe.audit.attack;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import java.util.Map;

/**
 * The records an audit reasons about, in one dataset: first the audited model's training rows, then
 * the held-out rows. Shadow models train on random halves of it, so every record has shadows that
 * saw it and shadows that did not. Rows are numbered 0..n−1 here (training and held-out files may
 * reuse each other's record IDs); {@link #recordId} gives the original ID back.
 */
public final class Population {

    private final Dataset data;
    private final Dataset train;
    private final Dataset heldOut;

    private Population(Dataset data, Dataset train, Dataset heldOut) {
        this.data = data;
        this.train = train;
        this.heldOut = heldOut;
    }

    /**
     * @param train      the audited model's training data (all its columns)
     * @param heldOut    records the model never saw, with the same features and target
     * @param relabels   corrected targets of training records (record ID → target), applied to the training part
     * @throws DataException when the held-out data does not match the training schema
     */
    public static Population of(Dataset train, Dataset heldOut, Map<Long, Double> relabels) {
        Schema schema = train.schema();
        if (!heldOut.schema().target().equals(schema.target())) {
            throw new DataException("the held-out target " + heldOut.schema().target() + " differs from the training target "
                    + schema.target());
        }
        Dataset test;
        try {
            test = heldOut.conformTo(schema);
        } catch (DataException e) {
            throw new DataException("the held-out data does not match the training data: " + e.getMessage());
        }
        Dataset tr = relabels.isEmpty() ? train : train.withTargets(relabels);
        int n = tr.size() + test.size();
        int d = schema.numFeatures();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        long[] ids = new long[n];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            Dataset src = i < tr.size() ? tr : test;
            int r = i < tr.size() ? i : i - tr.size();
            src.copyRow(r, row);
            System.arraycopy(row, 0, values, i * d, d);
            targets[i] = src.target(r);
            ids[i] = i;
        }
        return new Population(Dataset.of(schema, values, targets, ids, null), train, test);
    }

    public Dataset data() {
        return data;
    }

    public int size() {
        return data.size();
    }

    public int trainSize() {
        return train.size();
    }

    /** The population row of training row {@code i}. */
    public int trainRow(int i) {
        return i;
    }

    /** The population row of held-out row {@code j}. */
    public int heldOutRow(int j) {
        return train.size() + j;
    }

    public boolean isTraining(int row) {
        return row < train.size();
    }

    /** The record ID of a population row in its original dataset. */
    public long recordId(int row) {
        return row < train.size() ? train.recordId(row) : heldOut.recordId(row - train.size());
    }
}
