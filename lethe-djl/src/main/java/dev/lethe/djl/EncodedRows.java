package dev.lethe.djl;

import dev.lethe.data.Dataset;

/**
 * Rows of a dataset as network inputs (one flat float array, {@code width} per row) and their
 * labels, encoded with a checkpoint's input scaling.
 */
record EncodedRows(float[] x, int[] y, int width) {

    static EncodedRows of(InputEncoder encoder, Dataset data, int[] rows) {
        int w = encoder.width();
        float[] x = new float[rows.length * w];
        int[] y = new int[rows.length];
        double[] row = new double[data.numFeatures()];
        for (int i = 0; i < rows.length; i++) {
            data.copyRow(rows[i], row);
            encoder.encode(row, x, i * w);
            y[i] = data.label(rows[i]);
        }
        return new EncodedRows(x, y, w);
    }

    int size() {
        return y.length;
    }
}
