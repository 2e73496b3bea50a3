package dev.lethe.math;

import java.util.Arrays;

/**
 * The Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric positive-definite matrix, with
 * O(d²) rank-one updates and downdates (A ± x·xᵀ) and O(d²) solves. Downdates use the hyperbolic
 * rotations of the LINPACK {@code dchdd} scheme (Golub and Van Loan, "Matrix Computations", §6.5.4);
 * a downdate that would lose positive definiteness, or lose too much accuracy, is refused with
 * {@code false} so the caller can refactorise from the maintained matrix instead.
 *
 * <p>Storage is a dense row-major d×d array; the upper triangle is unused.
 */
public final class Cholesky {

    private final int d;
    /**
     * The factor stored transposed: {@code u[k * d + i]} holds L(i, k) for i ≥ k, so column k of L —
     * what a rank-one update or downdate sweeps — is contiguous in memory. The arithmetic is the
     * textbook row-major one; only the layout differs, so results are bit-for-bit the same.
     */
    private final double[] u;

    private Cholesky(int d, double[] u) {
        this.d = d;
        this.u = u;
    }

    public int dimension() {
        return d;
    }

    /**
     * Factorises a symmetric positive-definite matrix given row-major (only the lower triangle is read).
     *
     * @throws ArithmeticException if the matrix is not positive definite
     */
    public static Cholesky factor(double[] a, int d) {
        if (a.length != d * d) {
            throw new IllegalArgumentException("expected a " + d + "×" + d + " matrix, got " + a.length + " values");
        }
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double s = a[j * d + j];
            for (int k = 0; k < j; k++) {
                s -= l[j * d + k] * l[j * d + k];
            }
            if (!(s > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + j + " = " + s + ")");
            }
            double ljj = Math.sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    t -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = t / ljj;
            }
        }
        return new Cholesky(d, transpose(l, d));
    }

    private static double[] transpose(double[] m, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k <= i; k++) {
                t[k * d + i] = m[i * d + k];
            }
        }
        return t;
    }

    public Cholesky copy() {
        return new Cholesky(d, u.clone());
    }

    /** The factor L, row-major (a copy). */
    public double[] factor() {
        return transpose(u, d);
    }

    /** L ← chol(L·Lᵀ + x·xᵀ). Always succeeds. {@code x} is left unchanged. */
    public void update(double[] x) {
        double[] w = Arrays.copyOf(x, d);
        for (int k = 0; k < d; k++) {
            int col = k * d;
            double lkk = u[col + k];
            double r = Math.hypot(lkk, w[k]);
            double c = r / lkk;
            double inverseC = lkk / r;
            double s = w[k] / lkk;
            u[col + k] = r;
            for (int i = k + 1; i < d; i++) {
                double lik = (u[col + i] + s * w[i]) * inverseC;
                w[i] = c * w[i] - s * lik;
                u[col + i] = lik;
            }
        }
    }

    /**
     * L ← chol(L·Lᵀ − x·xᵀ), if that matrix is safely positive definite. Returns {@code false} and
     * leaves the factor unchanged when a pivot would shrink below {@code minRelativePivot} of its
     * old value (the downdate would be inaccurate or impossible). A first sweep computes the pivots
     * without writing (the same arithmetic as the second), so a refused downdate needs no copy of
     * the factor to restore.
     */
    public boolean downdate(double[] x, double minRelativePivot) {
        double[] w = Arrays.copyOf(x, d);
        for (int k = 0; k < d; k++) {
            int col = k * d;
            double lkk = u[col + k];
            double r2 = (lkk - w[k]) * (lkk + w[k]);
            if (!(r2 > 0) || Math.sqrt(r2) < minRelativePivot * lkk) {
                return false;
            }
            double c = Math.sqrt(r2) / lkk;
            double inverseC = lkk / Math.sqrt(r2);
            double s = w[k] / lkk;
            for (int i = k + 1; i < d; i++) {
                double lik = (u[col + i] - s * w[i]) * inverseC;
                w[i] = c * w[i] - s * lik;
            }
        }
        System.arraycopy(x, 0, w, 0, d);
        for (int k = 0; k < d; k++) {
            int col = k * d;
            double lkk = u[col + k];
            double r = Math.sqrt((lkk - w[k]) * (lkk + w[k]));
            double c = r / lkk;
            double inverseC = lkk / r;
            double s = w[k] / lkk;
            u[col + k] = r;
            for (int i = k + 1; i < d; i++) {
                double lik = (u[col + i] - s * w[i]) * inverseC;
                w[i] = c * w[i] - s * lik;
                u[col + i] = lik;
            }
        }
        return true;
    }

    /** Solves A·x = b; returns x. */
    public double[] solve(double[] b) {
        double[] y = forward(b);
        return backward(y);
    }

    /** Solves L·y = b (column by column; each y(i) subtracts the same terms in the same order as row by row). */
    public double[] forward(double[] b) {
        double[] y = Arrays.copyOf(b, d);
        for (int k = 0; k < d; k++) {
            int col = k * d;
            double yk = y[k] / u[col + k];
            y[k] = yk;
            for (int i = k + 1; i < d; i++) {
                y[i] -= u[col + i] * yk;
            }
        }
        return y;
    }

    /** Solves Lᵀ·x = y. */
    public double[] backward(double[] y) {
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            int row = i * d;
            // four partial sums: one accumulator would serialise the dot product on the add latency
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int k = i + 1;
            for (; k + 3 < d; k += 4) {
                s0 += u[row + k] * x[k];
                s1 += u[row + k + 1] * x[k + 1];
                s2 += u[row + k + 2] * x[k + 2];
                s3 += u[row + k + 3] * x[k + 3];
            }
            for (; k < d; k++) {
                s0 += u[row + k] * x[k];
            }
            x[i] = (y[i] - ((s0 + s1) + (s2 + s3))) / u[row + i];
        }
        return x;
    }

    /** log det A = 2 Σ log Lᵢᵢ. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += Math.log(u[i * d + i]);
        }
        return 2 * s;
    }

    /** The smallest ratio of a diagonal entry of L to the largest: a cheap conditioning signal. */
    public double diagonalRatio() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < d; i++) {
            double v = u[i * d + i];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min / max;
    }
}
