package dev.lethe.math;

/**
 * A dense symmetric d×d matrix stored row-major with only the lower triangle kept up to date (the
 * layout {@link Cholesky#factor} reads). It accumulates weighted outer products of sparse or dense
 * vectors, the building block of Gram and Hessian matrices of generalised linear models
 * (Σᵢ aᵢ xᵢxᵢᵀ): a sparse row with k non-zeros costs O(k²), not O(d²), which matters for image data
 * such as MNIST where most pixels are zero.
 */
public final class SymmetricMatrix {

    private final int d;
    private final double[] a;

    public SymmetricMatrix(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("a matrix needs at least one row, got " + d);
        }
        this.d = d;
        this.a = new double[Math.multiplyExact(d, d)];
    }

    private SymmetricMatrix(int d, double[] a) {
        this.d = d;
        this.a = a;
    }

    /** Wraps a row-major array whose lower triangle holds the matrix (the array is copied). */
    public static SymmetricMatrix ofLower(double[] values, int d) {
        if (values.length != (long) d * d) {
            throw new IllegalArgumentException("expected " + ((long) d * d) + " values for a " + d + "×" + d
                    + " matrix, got " + values.length);
        }
        return new SymmetricMatrix(d, values.clone());
    }

    public int dimension() {
        return d;
    }

    public double get(int i, int j) {
        return i >= j ? a[i * d + j] : a[j * d + i];
    }

    public SymmetricMatrix copy() {
        return new SymmetricMatrix(d, a.clone());
    }

    /** The row-major backing values (lower triangle valid), a copy; what {@link Cholesky#factor} takes. */
    public double[] lowerValues() {
        return a.clone();
    }

    /** Factorises this matrix (it must be positive definite). */
    public Cholesky cholesky() {
        return Cholesky.factor(a, d);
    }

    /** A ← A + alpha·I. */
    public void addDiagonal(double alpha) {
        for (int i = 0; i < d; i++) {
            a[i * d + i] += alpha;
        }
    }

    /** A ← A + alpha·x·xᵀ for a dense x of length d. */
    public void addOuter(double alpha, double[] x) {
        for (int i = 0; i < d; i++) {
            double s = alpha * x[i];
            if (s == 0) {
                continue;
            }
            int row = i * d;
            for (int j = 0; j <= i; j++) {
                a[row + j] += s * x[j];
            }
        }
    }

    /**
     * A ← A + alpha·x·xᵀ restricted to one diagonal block: x is sparse with {@code count} non-zeros
     * at ascending positions {@code index} (relative to {@code offset}) and values {@code value}.
     */
    public void addSparseOuter(double alpha, int offset, int[] index, double[] value, int from, int to) {
        for (int p = from; p < to; p++) {
            double s = alpha * value[p];
            int row = (offset + index[p]) * d + offset;
            for (int q = from; q <= p; q++) {
                a[row + index[q]] += s * value[q];
            }
        }
    }

    /**
     * A ← A + alpha·(e_r e_cᵀ ⊗ x·xᵀ) + its transpose, for an off-diagonal block r &gt; c of block size
     * {@code blockSize}: adds alpha·x·xᵀ to the block at block-row r and block-column c (which lies in
     * the lower triangle). x is sparse as in {@link #addSparseOuter}.
     */
    public void addSparseOuterOffDiagonal(double alpha, int blockRow, int blockColumn, int blockSize, int[] index,
                                          double[] value, int from, int to) {
        if (blockRow <= blockColumn) {
            throw new IllegalArgumentException("off-diagonal block must lie below the diagonal, got (" + blockRow
                    + ", " + blockColumn + ")");
        }
        int rowOffset = blockRow * blockSize;
        int columnOffset = blockColumn * blockSize;
        for (int p = from; p < to; p++) {
            double s = alpha * value[p];
            int row = (rowOffset + index[p]) * d + columnOffset;
            for (int q = from; q < to; q++) {
                a[row + index[q]] += s * value[q];
            }
        }
    }

    /**
     * y = A·v, one pass over the lower triangle. The row sums use four accumulators: a single one
     * makes every term wait for the previous addition, and this product is the memory-bound core of
     * a logistic removal.
     */
    public double[] multiply(double[] v) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            int row = i * d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double vi = v[i];
            int j = 0;
            for (; j + 3 < i; j += 4) {
                double a0 = a[row + j];
                double a1 = a[row + j + 1];
                double a2 = a[row + j + 2];
                double a3 = a[row + j + 3];
                s0 += a0 * v[j];
                s1 += a1 * v[j + 1];
                s2 += a2 * v[j + 2];
                s3 += a3 * v[j + 3];
                y[j] += a0 * vi;
                y[j + 1] += a1 * vi;
                y[j + 2] += a2 * vi;
                y[j + 3] += a3 * vi;
            }
            for (; j < i; j++) {
                double aij = a[row + j];
                s0 += aij * v[j];
                y[j] += aij * vi;
            }
            y[i] += (s0 + s1) + (s2 + s3) + a[row + i] * vi;
        }
        return y;
    }

    /** vᵀ·A·v. */
    public double quadraticForm(double[] v) {
        return Vectors.dot(v, multiply(v));
    }

    /**
     * The Frobenius norm sqrt(Σᵢⱼ Aᵢⱼ²). For a positive semi-definite A it bounds the largest
     * eigenvalue from above (λ_max ≤ ‖A‖_F), which makes it a cheap, rigorous spectral-norm bound.
     */
    public double frobeniusNorm() {
        double s = 0;
        for (int i = 0; i < d; i++) {
            int row = i * d;
            for (int j = 0; j < i; j++) {
                s += 2 * a[row + j] * a[row + j];
            }
            s += a[row + i] * a[row + i];
        }
        return Math.sqrt(s);
    }

    /** The trace Σᵢ Aᵢᵢ. */
    public double trace() {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += a[i * d + i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SymmetricMatrix m) || m.d != d) {
            return false;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                if (Double.compare(a[i * d + j], m.a[i * d + j]) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = d;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                h = 31 * h + Double.hashCode(a[i * d + j]);
            }
        }
        return h;
    }
}
