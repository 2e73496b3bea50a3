package dev.lethe.math;

import java.util.Arrays;

/**
 * An immutable matrix in compressed sparse row form (CSR): row i's non-zeros are
 * {@code value[start(i) .. end(i))} at ascending columns {@code column[...]}. Row products cost
 * O(non-zeros), so the design matrix of a linear model over mostly-zero data (images, one-hot
 * categories) is multiplied in a fraction of the dense time.
 */
public final class SparseRows {

    private final int columns;
    private final int[] rowStart;
    private final int[] column;
    private final double[] value;

    private SparseRows(int columns, int[] rowStart, int[] column, double[] value) {
        this.columns = columns;
        this.rowStart = rowStart;
        this.column = column;
        this.value = value;
    }

    public int rows() {
        return rowStart.length - 1;
    }

    public int columns() {
        return columns;
    }

    public long nonZeros() {
        return rowStart[rowStart.length - 1];
    }

    public int start(int row) {
        return rowStart[row];
    }

    public int end(int row) {
        return rowStart[row + 1];
    }

    /** The column indices array shared by all rows (read-only use). */
    public int[] columnIndex() {
        return column;
    }

    /** The values array shared by all rows (read-only use). */
    public double[] values() {
        return value;
    }

    /**
     * Zeroes a row's entries (values and column indices) in place: a forgotten record's values, and
     * which one-hot column it used, leave memory. The row keeps its place and contributes nothing.
     */
    public void erase(int row) {
        java.util.Arrays.fill(value, rowStart[row], rowStart[row + 1], 0.0);
        java.util.Arrays.fill(column, rowStart[row], rowStart[row + 1], 0);
    }

    /** xᵢᵀ·w over the block of w starting at {@code offset}. */
    public double dot(int row, double[] w, int offset) {
        double s = 0;
        for (int p = rowStart[row], e = rowStart[row + 1]; p < e; p++) {
            s += value[p] * w[offset + column[p]];
        }
        return s;
    }

    /** y[offset ..] ← y[offset ..] + alpha·xᵢ. */
    public void axpy(int row, double alpha, double[] y, int offset) {
        if (alpha == 0) {
            return;
        }
        for (int p = rowStart[row], e = rowStart[row + 1]; p < e; p++) {
            y[offset + column[p]] += alpha * value[p];
        }
    }

    /** ‖xᵢ‖². */
    public double squaredNorm(int row) {
        double s = 0;
        for (int p = rowStart[row], e = rowStart[row + 1]; p < e; p++) {
            s += value[p] * value[p];
        }
        return s;
    }

    /** The row as a dense vector. */
    public double[] dense(int row) {
        double[] x = new double[columns];
        for (int p = rowStart[row], e = rowStart[row + 1]; p < e; p++) {
            x[column[p]] = value[p];
        }
        return x;
    }

    /** Builds a matrix row by row from dense rows, keeping only non-zero entries. */
    public static final class Builder {
        private final int columns;
        private int[] rowStart = new int[16];
        private int[] column = new int[64];
        private double[] value = new double[64];
        private int rows;
        private int size;

        public Builder(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException("a matrix needs at least one column, got " + columns);
            }
            this.columns = columns;
        }

        /** Appends a row given densely (length {@code columns}); zeros are dropped. */
        public Builder addDense(double[] row) {
            if (row.length != columns) {
                throw new IllegalArgumentException("expected a row of " + columns + " values, got " + row.length);
            }
            for (int j = 0; j < columns; j++) {
                double v = row[j];
                if (v != 0) {
                    if (size == column.length) {
                        int grown = Math.max(64, column.length + (column.length >> 1));
                        column = Arrays.copyOf(column, grown);
                        value = Arrays.copyOf(value, grown);
                    }
                    column[size] = j;
                    value[size] = v;
                    size++;
                }
            }
            if (rows + 2 > rowStart.length) {
                rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
            }
            rows++;
            rowStart[rows] = size;
            return this;
        }

        public SparseRows build() {
            return new SparseRows(columns, Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(column, size),
                    Arrays.copyOf(value, size));
        }
    }
}
