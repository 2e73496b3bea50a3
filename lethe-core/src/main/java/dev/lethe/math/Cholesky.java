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
    private final double[] l;
    /**
     * The factor before a downdate, to restore it if the downdate is refused; kept between calls so a
     * stream of downdates of a large factor does not allocate a d×d array each time.
     */
    private double[] saved;

    private Cholesky(int d, double[] l) {
        this.d = d;
        this.l = l;
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
        return new Cholesky(d, l);
    }

    public Cholesky copy() {
        return new Cholesky(d, l.clone());
    }

    /** The factor, row-major (a copy). */
    public double[] factor() {
        return l.clone();
    }

    /** L ← chol(L·Lᵀ + x·xᵀ). Always succeeds. {@code x} is left unchanged. */
    public void update(double[] x) {
        double[] w = Arrays.copyOf(x, d);
        for (int k = 0; k < d; k++) {
            double lkk = l[k * d + k];
            double r = Math.hypot(lkk, w[k]);
            double c = r / lkk;
            double s = w[k] / lkk;
            l[k * d + k] = r;
            for (int i = k + 1; i < d; i++) {
                double lik = (l[i * d + k] + s * w[i]) / c;
                w[i] = c * w[i] - s * lik;
                l[i * d + k] = lik;
            }
        }
    }

    /**
     * L ← chol(L·Lᵀ − x·xᵀ), if that matrix is safely positive definite. Returns {@code false} and
     * leaves the factor unchanged when a pivot would shrink below {@code minRelativePivot} of its
     * old value (the downdate would be inaccurate or impossible).
     */
    public boolean downdate(double[] x, double minRelativePivot) {
        double[] w = Arrays.copyOf(x, d);
        if (saved == null) {
            saved = new double[l.length];
        }
        System.arraycopy(l, 0, saved, 0, l.length);
        for (int k = 0; k < d; k++) {
            double lkk = l[k * d + k];
            double r2 = (lkk - w[k]) * (lkk + w[k]);
            if (!(r2 > 0) || Math.sqrt(r2) < minRelativePivot * lkk) {
                System.arraycopy(saved, 0, l, 0, l.length);
                return false;
            }
            double r = Math.sqrt(r2);
            double c = r / lkk;
            double s = w[k] / lkk;
            l[k * d + k] = r;
            for (int i = k + 1; i < d; i++) {
                double lik = (l[i * d + k] - s * w[i]) / c;
                w[i] = c * w[i] - s * lik;
                l[i * d + k] = lik;
            }
        }
        return true;
    }

    /** Solves A·x = b; returns x. */
    public double[] solve(double[] b) {
        double[] y = forward(b);
        return backward(y);
    }

    /** Solves L·y = b. */
    public double[] forward(double[] b) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * d + k] * y[k];
            }
            y[i] = s / l[i * d + i];
        }
        return y;
    }

    /** Solves Lᵀ·x = y. */
    public double[] backward(double[] y) {
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k * d + i] * x[k];
            }
            x[i] = s / l[i * d + i];
        }
        return x;
    }

    /** log det A = 2 Σ log Lᵢᵢ. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += Math.log(l[i * d + i]);
        }
        return 2 * s;
    }

    /** The smallest ratio of a diagonal entry of L to the largest: a cheap conditioning signal. */
    public double diagonalRatio() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < d; i++) {
            double v = l[i * d + i];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min / max;
    }
}
