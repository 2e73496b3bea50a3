package dev.lethe.models.linear;

import dev.lethe.math.Cholesky;
import dev.lethe.math.DoubleDouble;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The ridge normal equations G·β = B, maintained under adding and removing rows: the Gram matrix
 * G = XᵀX + λD (D = identity except a zero for the unpenalised intercept, column 0) and B = XᵀY for
 * one or more outputs, both summed in double-double arithmetic ({@link DoubleDouble}) so that
 * removing a row leaves them as if the row had never been added, and the Cholesky factor of G
 * rounded to doubles.
 *
 * <p>Rows come as sparse design vectors (ascending column indices); only the lower triangle of
 * G is accumulated. When no rows remain the intercept's diagonal, then zero, is pinned to 1 in the
 * factorised matrix, so the system stays positive definite and yields the all-zero solution.
 *
 * <p>Solutions get one step of iterative refinement against the maintained G, and the residual
 * before refinement measures how far the (possibly downdated) factor has drifted: a relative
 * residual above {@link #RESIDUAL_BOUND} asks the caller to refactorise.
 */
final class NormalEquations {

    /** A downdate that shrinks a pivot of the factor below this fraction is refused (see {@link Cholesky#downdate}). */
    static final double MIN_PIVOT_RATIO = 1e-3;
    /**
     * Largest accepted relative residual ‖B − Gβ‖∞ / (‖|G||β|‖∞ + ‖B‖∞) of a solve with the maintained
     * factor. A freshly computed factor gives about d·2⁻⁵³; far above that, the factor has drifted.
     */
    static final double RESIDUAL_BOUND = 1e-9;

    private final int m;
    private final int k;
    private final double lambda;
    private final double[] gHi;
    private final double[] gLo;
    /** G rounded to doubles, both triangles, with the intercept pinned when no rows remain. */
    private final double[] g;
    private final double[] bHi;
    private final double[] bLo;
    private long rows;
    private Cholesky factor;
    private final double[] dense;
    private final double[] rhs;
    private final double[] residual;

    private NormalEquations(int m, int k, double lambda, double[] gHi, double[] gLo, double[] bHi, double[] bLo, long rows) {
        this.m = m;
        this.k = k;
        this.lambda = lambda;
        this.gHi = gHi;
        this.gLo = gLo;
        this.bHi = bHi;
        this.bLo = bLo;
        this.rows = rows;
        this.g = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double v = gHi[i * m + j] + gLo[i * m + j];
                g[i * m + j] = v;
                g[j * m + i] = v;
            }
        }
        pinIntercept();
        this.dense = new double[m];
        this.rhs = new double[m];
        this.residual = new double[m];
    }

    /** G = λD, B = 0: the system before any row. */
    static NormalEquations empty(int dimension, int outputs, double lambda) {
        double[] gHi = new double[dimension * dimension];
        for (int c = 1; c < dimension; c++) {
            gHi[c * dimension + c] = lambda;
        }
        return new NormalEquations(dimension, outputs, lambda, gHi, new double[dimension * dimension],
                new double[dimension * outputs], new double[dimension * outputs], 0);
    }

    int dimension() {
        return m;
    }

    int outputs() {
        return k;
    }

    long rows() {
        return rows;
    }

    private void pinIntercept() {
        if (rows == 0) {
            g[0] = 1.0;
        }
    }

    /** G ← G + sign·x·xᵀ for a sparse x (ascending {@code index}), and the row count by sign. */
    void addOuter(int[] index, double[] value, int nnz, double sign) {
        for (int a = 0; a < nnz; a++) {
            int row = index[a] * m;
            double va = sign * value[a];
            for (int b = 0; b <= a; b++) {
                int at = row + index[b];
                DoubleDouble s = new DoubleDouble(gHi[at], gLo[at]).addProduct(va, value[b]);
                gHi[at] = s.hi();
                gLo[at] = s.lo();
                double rounded = s.hi() + s.lo();
                g[at] = rounded;
                g[index[b] * m + index[a]] = rounded;
            }
        }
        rows += (long) sign;
        pinIntercept();
    }

    /** B[:, output] ← B[:, output] + scale·x for a sparse x. */
    void addRhs(int[] index, double[] value, int nnz, int output, double scale) {
        for (int a = 0; a < nnz; a++) {
            int at = index[a] * k + output;
            DoubleDouble s = new DoubleDouble(bHi[at], bLo[at]).addProduct(scale, value[a]);
            bHi[at] = s.hi();
            bLo[at] = s.lo();
        }
    }

    /** Sets output column {@code output} of B to exactly zero (its sum is empty). */
    void clearOutput(int output) {
        for (int c = 0; c < m; c++) {
            bHi[c * k + output] = 0;
            bLo[c * k + output] = 0;
        }
    }

    /** Resets to the system of no rows: G = λD, B = 0 exactly. */
    void clearRows() {
        Arrays.fill(gHi, 0);
        Arrays.fill(gLo, 0);
        Arrays.fill(g, 0);
        for (int c = 1; c < m; c++) {
            gHi[c * m + c] = lambda;
            g[c * m + c] = lambda;
        }
        Arrays.fill(bHi, 0);
        Arrays.fill(bLo, 0);
        rows = 0;
        pinIntercept();
    }

    /**
     * Factorises G afresh, O(d³).
     *
     * @throws ArithmeticException if G is not numerically positive definite (λ far too small for the data)
     */
    void refactor() {
        factor = Cholesky.factor(g, m);
    }

    boolean hasFactor() {
        return factor != null;
    }

    /**
     * Downdates the factor by the sparse row x (L·Lᵀ − x·xᵀ), O(d²). Returns {@code false}, leaving
     * the factor unchanged, when that would lose positive definiteness or accuracy.
     */
    boolean downdate(int[] index, double[] value, int nnz) {
        for (int a = 0; a < nnz; a++) {
            dense[index[a]] = value[a];
        }
        boolean ok = factor.downdate(dense, MIN_PIVOT_RATIO);
        for (int a = 0; a < nnz; a++) {
            dense[index[a]] = 0;
        }
        return ok;
    }

    /**
     * Solves G·β = B with the current factor and one step of iterative refinement, writing β
     * ({@code dimension × outputs}, row-major) into {@code beta}. Returns {@code false} when the
     * factor is too inaccurate for G (relative residual above {@link #RESIDUAL_BOUND}); then
     * {@code beta} is unspecified and the caller should {@link #refactor} and solve again.
     */
    boolean solve(double[] beta) {
        boolean accurate = true;
        for (int o = 0; o < k; o++) {
            double rhsNorm = 0;
            for (int c = 0; c < m; c++) {
                rhs[c] = bHi[c * k + o] + bLo[c * k + o];
                rhsNorm = Math.max(rhsNorm, Math.abs(rhs[c]));
            }
            double[] x = factor.solve(rhs);
            double residualNorm = 0;
            double scale = rhsNorm;
            for (int i = 0; i < m; i++) {
                double s = rhs[i];
                double magnitude = 0;
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    double t = g[row + j] * x[j];
                    s -= t;
                    magnitude += Math.abs(t);
                }
                residual[i] = s;
                residualNorm = Math.max(residualNorm, Math.abs(s));
                scale = Math.max(scale, magnitude);
            }
            if (residualNorm > RESIDUAL_BOUND * scale) {
                accurate = false;
            }
            double[] dx = factor.solve(residual);
            for (int c = 0; c < m; c++) {
                beta[c * k + o] = x[c] + dx[c];
            }
        }
        return accurate;
    }

    /** Solves, refactorising first if the factor proves inaccurate. Returns whether it refactorised. */
    boolean solveOrRefactor(double[] beta) {
        if (solve(beta)) {
            return false;
        }
        refactor();
        solve(beta);
        return true;
    }

    /** A deep copy (factor included). */
    NormalEquations copy() {
        NormalEquations c = new NormalEquations(m, k, lambda, gHi.clone(), gLo.clone(), bHi.clone(), bLo.clone(), rows);
        c.factor = factor == null ? null : factor.copy();
        return c;
    }

    /** The system restricted to the given columns (ascending indices; column 0 must be kept), unfactorised. */
    NormalEquations keepColumns(int[] keep) {
        int n = keep.length;
        double[] hi = new double[n * n];
        double[] lo = new double[n * n];
        double[] bh = new double[n * k];
        double[] bl = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                hi[i * n + j] = gHi[keep[i] * m + keep[j]];
                lo[i * n + j] = gLo[keep[i] * m + keep[j]];
            }
            System.arraycopy(bHi, keep[i] * k, bh, i * k, k);
            System.arraycopy(bLo, keep[i] * k, bl, i * k, k);
        }
        return new NormalEquations(n, k, lambda, hi, lo, bh, bl, rows);
    }

    /** Writes the sums (not the factor, which {@link #read} recomputes). */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(m);
        out.writeInt(k);
        out.writeDouble(lambda);
        out.writeLong(rows);
        StateCodec.writeDoubles(out, gHi);
        StateCodec.writeDoubles(out, gLo);
        StateCodec.writeDoubles(out, bHi);
        StateCodec.writeDoubles(out, bLo);
    }

    /** Reads what {@link #write} wrote, checks it and factorises it. */
    static NormalEquations read(DataInputStream in, int expectedDimension, int expectedOutputs, double expectedLambda)
            throws IOException {
        int m = in.readInt();
        int k = in.readInt();
        double lambda = in.readDouble();
        long rows = in.readLong();
        if (m != expectedDimension || k != expectedOutputs) {
            throw new ModelFileException("corrupted ridge state: a " + m + "×" + k + " system, expected "
                    + expectedDimension + "×" + expectedOutputs);
        }
        if (lambda != expectedLambda) {
            throw new ModelFileException("corrupted ridge state: λ = " + lambda + " in the system, " + expectedLambda + " in the options");
        }
        double[] gHi = StateCodec.readDoubles(in);
        double[] gLo = StateCodec.readDoubles(in);
        double[] bHi = StateCodec.readDoubles(in);
        double[] bLo = StateCodec.readDoubles(in);
        if (gHi.length != m * m || gLo.length != m * m || bHi.length != m * k || bLo.length != m * k) {
            throw new ModelFileException("corrupted ridge state: array lengths do not match a " + m + "×" + k + " system");
        }
        if (rows < 0 || gHi[0] + gLo[0] != rows) {
            throw new ModelFileException("corrupted ridge state: " + rows + " rows but the intercept's sum is " + (gHi[0] + gLo[0]));
        }
        for (double[] a : new double[][] {gHi, gLo, bHi, bLo}) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    throw new ModelFileException("corrupted ridge state: a non-finite sum " + v);
                }
            }
        }
        NormalEquations eq = new NormalEquations(m, k, lambda, gHi, gLo, bHi, bLo, rows);
        try {
            eq.refactor();
        } catch (ArithmeticException e) {
            throw new ModelFileException("corrupted ridge state: the Gram matrix is not positive definite (" + e.getMessage() + ")");
        }
        return eq;
    }
}
