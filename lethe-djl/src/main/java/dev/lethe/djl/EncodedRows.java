package dev.lethe.djl;

import dev.lethe.data.Dataset;

/**
 * Rows of a dataset as network inputs ({@code width} floats per row) and their labels, encoded with a
 * checkpoint's input scaling. A row is encoded when first read, so an unlearning method that visits a
 * sample of the retained set encodes that sample, not all of it.
 */
final class EncodedRows {

    private final InputEncoder encoder;
    private final Dataset data;
    private final int[] rows;
    private final int[] y;
    private final float[][] x;
    private final double[] scratch;

    private EncodedRows(InputEncoder encoder, Dataset data, int[] rows) {
        this.encoder = encoder;
        this.data = data;
        this.rows = rows;
        this.y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = data.label(rows[i]);
        }
        this.x = new float[rows.length][];
        this.scratch = new double[data.numFeatures()];
    }

    /** The given rows of {@code data}, in that order. */
    static EncodedRows of(InputEncoder encoder, Dataset data, int[] rows) {
        return new EncodedRows(encoder, data, rows);
    }

    /** Every row of {@code data}. */
    static EncodedRows of(InputEncoder encoder, Dataset data) {
        int[] all = new int[data.size()];
        java.util.Arrays.setAll(all, i -> i);
        return new EncodedRows(encoder, data, all);
    }

    /** Copies row {@code i}'s inputs into {@code into} at {@code offset}. */
    void copyRow(int i, float[] into, int offset) {
        if (x[i] == null) {
            float[] encoded = new float[encoder.width()];
            encoder.encode(data.copyRow(rows[i], scratch), encoded, 0);
            x[i] = encoded;
        }
        System.arraycopy(x[i], 0, into, offset, x[i].length);
    }

    /** All rows' inputs, one after the other. */
    float[] x() {
        float[] out = new float[rows.length * width()];
        for (int i = 0; i < rows.length; i++) {
            copyRow(i, out, i * width());
        }
        return out;
    }

    int[] y() {
        return y;
    }

    int width() {
        return encoder.width();
    }

    int size() {
        return y.length;
    }
}
