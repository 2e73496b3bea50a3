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
 * The ridge normal equations G·β = B and their solution, maintained under adding and removing
 * rows: the Gram matrix G = XᵀX + λD (D = identity except a zero for the unpenalised intercept,
 * column 0) and B = XᵀY for one or more outputs, both summed in double-double arithmetic
 * ({@link DoubleDouble}) so that removing a row leaves them as if it had never been added; the
 * Cholesky factor of G rounded to doubles; the solution β and its residual R = B − G·β.
 *
 * <p><b>Solving.</b> β is computed by iterative refinement with residuals in extended precision
 * (Wilkinson 1963; Moler, "Iterative refinement in floating point", J. ACM 1967): the factor only
 * has to be accurate enough for the corrections to contract, and β converges to the solution of
 * the maintained double-double system to within rounding, whatever path — fresh factor or many
 * downdates — produced the factor. That is what makes a model that forgot rows agree with one
 * retrained without them far below the 1e-8 tolerance. The residual is computed exactly enough
 * (compensated dot products, Ogita, Rump and Oishi, SIAM J. Sci. Comput. 2005) at every
 * full solve and after every large correction; after a single-row change or a small correction it is
 * updated in O(d·outputs) or O(d²·outputs) instead, and recomputed in full every
 * {@value #FULL_RESIDUAL_EVERY} single-row changes so rounding cannot accumulate.
 *
 * <p><b>Accuracy check.</b> A downdate that shrinks a pivot below {@value #MIN_PIVOT_RATIO} of its
 * value is refused by {@link Cholesky#downdate}; and if refinement stops contracting, the factor
 * has drifted from G: {@link #solve} then refactorises G (O(d³)) and solves again.
 *
 * <p>Rows come as sparse design vectors (ascending column indices); only the lower triangle of G
 * is accumulated. When no rows remain the intercept's diagonal, then zero, is pinned to 1, so
 * the system stays positive definite and yields the all-zero solution.
 */
final class NormalEquations {

    /** A downdate that shrinks a pivot of the factor below this fraction is refused (see {@link Cholesky#downdate}). */
    static final double MIN_PIVOT_RATIO = 1e-3;
    /** Single-row residual updates between two full recomputations. */
    static final int FULL_RESIDUAL_EVERY = 64;
    private static final double EPS = Math.ulp(1.0) / 2;
    private static final int MAX_REFINEMENTS = 12;
    /**
     * After a correction δ at most this large relative to β, the residual is updated as R − G·δ in
     * plain doubles (error ≈ ε‖G‖‖δ‖, which moves β by at most κ(G)·2⁻¹⁶·ε relative: negligible for any
     * system the tolerance can be met on); after a larger one it is recomputed in full.
     */
    private static final double SMALL_CORRECTION = 0x1p-16;

    private final int m;
    private final int k;
    private final double lambda;
    private final double[] gHi;
    private final double[] gLo;
    /** G rounded to doubles, both triangles, with the intercept pinned when no rows remain. */
    private final double[] g;
    private final double[] bHi;
    private final double[] bLo;
    /** The solution, {@code m × k} row-major. */
    private final double[] beta;
    /** R = B − G·β, {@code m × k} row-major. */
    private final double[] residual;
    private long rows;
    private Cholesky factor;
    private int residualUpdates;
    private final double[] dense;
    private final double[] column;
    private final double[] delta;

    private NormalEquations(int m, int k, double lambda, double[] gHi, double[] gLo, double[] bHi, double[] bLo,
                            double[] beta, long rows) {
        this.m = m;
        this.k = k;
        this.lambda = lambda;
        this.gHi = gHi;
        this.gLo = gLo;
        this.bHi = bHi;
        this.bLo = bLo;
        this.beta = beta;
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
        this.residual = new double[m * k];
        this.dense = new double[m];
        this.column = new double[m];
        this.delta = new double[m * k];
    }

    /** G = λD, B = 0, β = 0: the system before any row. */
    static NormalEquations empty(int dimension, int outputs, double lambda) {
        double[] gHi = new double[dimension * dimension];
        for (int c = 1; c < dimension; c++) {
            gHi[c * dimension + c] = lambda;
        }
        return new NormalEquations(dimension, outputs, lambda, gHi, new double[dimension * dimension],
                new double[dimension * outputs], new double[dimension * outputs], new double[dimension * outputs], 0);
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

    /** The current solution (live array: read only). */
    double[] beta() {
        return beta;
    }

    private void pinIntercept() {
        if (rows == 0) {
            g[0] = 1.0;
        }
    }

    /**
     * Adds ({@code sign} = 1) or removes ({@code sign} = −1) one row: G ← G + sign·x·xᵀ and
     * B[:, output] ← B[:, output] + sign·target·x, for a sparse x (ascending {@code index}). The
     * residual is left stale; call {@link #solve} (or use {@link #removeAndTrack}).
     */
    void addRow(int[] index, double[] value, int nnz, double sign, int output, double target) {
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
            int at = index[a] * k + output;
            DoubleDouble s = new DoubleDouble(bHi[at], bLo[at]).addProduct(sign * target, value[a]);
            bHi[at] = s.hi();
            bLo[at] = s.lo();
        }
        rows += (long) sign;
        pinIntercept();
    }

    /** B[:, output] ← B[:, output] + scale·x for a sparse x (residual left stale). */
    void addRhs(int[] index, double[] value, int nnz, int output, double scale) {
        for (int a = 0; a < nnz; a++) {
            int at = index[a] * k + output;
            DoubleDouble s = new DoubleDouble(bHi[at], bLo[at]).addProduct(scale, value[a]);
            bHi[at] = s.hi();
            bLo[at] = s.lo();
        }
    }

    /**
     * Removes one row like {@link #addRow} with sign −1 and updates the residual in O(nnz·outputs):
     * R ← R + x·(xᵀβ − t)ᵀ where t is the row's target vector ({@code target} at {@code output}).
     */
    void removeAndTrack(int[] index, double[] value, int nnz, int output, double target) {
        for (int o = 0; o < k; o++) {
            double fitted = 0;
            for (int a = 0; a < nnz; a++) {
                fitted += value[a] * beta[index[a] * k + o];
            }
            double miss = fitted - (o == output ? target : 0);
            for (int a = 0; a < nnz; a++) {
                residual[index[a] * k + o] += value[a] * miss;
            }
        }
        addRow(index, value, nnz, -1.0, output, target);
        residualUpdates++;
    }

    /** Sets output column {@code output} of B to exactly zero (its sum is empty; residual left stale). */
    void clearOutput(int output) {
        for (int c = 0; c < m; c++) {
            bHi[c * k + output] = 0;
            bLo[c * k + output] = 0;
        }
    }

    /** Resets to the system of no rows: G = λD, B = 0 exactly (residual left stale). */
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
     * Brings β to the solution of the current system: recomputes the residual in full if it is stale
     * or due, refines, and if refinement does not converge refactorises G and refines again.
     * Returns whether it refactorised.
     *
     * @param residualCurrent whether the residual is up to date (after {@link #removeAndTrack} only)
     * @throws ArithmeticException if G must be refactorised and is not numerically positive definite
     */
    boolean solve(boolean residualCurrent) {
        if (!residualCurrent || residualUpdates >= FULL_RESIDUAL_EVERY) {
            computeResidual();
        }
        if (refine()) {
            return false;
        }
        refactor();
        computeResidual();
        refine();
        return true;
    }

    /** R = B − G·β with compensated dot products (G and B in double-double). */
    private void computeResidual() {
        residualUpdates = 0;
        boolean pinned = rows == 0;
        for (int i = 0; i < m; i++) {
            int row = i * m;
            for (int o = 0; o < k; o++) {
                double s = bHi[i * k + o];
                double c = bLo[i * k + o];
                for (int j = 0; j < m; j++) {
                    int at = j <= i ? row + j : j * m + i;
                    double x = beta[j * k + o];
                    double p = gHi[at] * x;
                    double e = Math.fma(gHi[at], x, -p);
                    double t = s - p;
                    double bb = t - s;
                    double err = (s - (t - bb)) - (p + bb);
                    s = t;
                    c += err - e - gLo[at] * x;
                }
                if (pinned && i == 0) {
                    c -= beta[o];
                }
                residual[i * k + o] = s + c;
            }
        }
    }

    /**
     * Iterative refinement: β ← β + G⁻¹R through the factor, R ← R − G·δ, until the correction is at
     * the rounding level of β. Returns {@code false} if the corrections stop contracting first (the
     * factor is too inaccurate for G).
     */
    private boolean refine() {
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < MAX_REFINEMENTS; iteration++) {
            double deltaNorm = 0;
            for (int o = 0; o < k; o++) {
                for (int c = 0; c < m; c++) {
                    column[c] = residual[c * k + o];
                }
                double[] x = factor.solve(column);
                for (int c = 0; c < m; c++) {
                    delta[c * k + o] = x[c];
                    deltaNorm = Math.max(deltaNorm, Math.abs(x[c]));
                }
            }
            double betaNorm = 0;
            for (int c = 0; c < beta.length; c++) {
                beta[c] += delta[c];
                betaNorm = Math.max(betaNorm, Math.abs(beta[c]));
            }
            if (deltaNorm > SMALL_CORRECTION * betaNorm) {
                computeResidual();
            } else {
                for (int i = 0; i < m; i++) {
                    int row = i * m;
                    for (int o = 0; o < k; o++) {
                        double s = 0;
                        for (int j = 0; j < m; j++) {
                            s += g[row + j] * delta[j * k + o];
                        }
                        residual[i * k + o] -= s;
                    }
                }
            }
            if (deltaNorm <= 4 * EPS * betaNorm) {
                return true;
            }
            if (deltaNorm > previous / 2) {
                // stagnating: fine at the rounding level of β, a drifted factor otherwise
                return deltaNorm <= 64 * EPS * betaNorm;
            }
            previous = deltaNorm;
        }
        return false;
    }

    /** Puts back a saved solution (after an undone change) and recomputes the residual. */
    void restoreSolution(double[] saved) {
        System.arraycopy(saved, 0, beta, 0, beta.length);
        computeResidual();
    }

    /** A deep copy (factor and solution included). */
    NormalEquations copy() {
        NormalEquations c = new NormalEquations(m, k, lambda, gHi.clone(), gLo.clone(), bHi.clone(), bLo.clone(),
                beta.clone(), rows);
        c.factor = factor == null ? null : factor.copy();
        System.arraycopy(residual, 0, c.residual, 0, residual.length);
        c.residualUpdates = residualUpdates;
        return c;
    }

    /**
     * The system restricted to the given columns (ascending indices; column 0 must be kept), with the
     * current solution's entries as the starting point; unfactorised.
     */
    NormalEquations keepColumns(int[] keep) {
        int n = keep.length;
        double[] hi = new double[n * n];
        double[] lo = new double[n * n];
        double[] bh = new double[n * k];
        double[] bl = new double[n * k];
        double[] start = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                hi[i * n + j] = gHi[keep[i] * m + keep[j]];
                lo[i * n + j] = gLo[keep[i] * m + keep[j]];
            }
            System.arraycopy(bHi, keep[i] * k, bh, i * k, k);
            System.arraycopy(bLo, keep[i] * k, bl, i * k, k);
            System.arraycopy(beta, keep[i] * k, start, i * k, k);
        }
        return new NormalEquations(n, k, lambda, hi, lo, bh, bl, start, rows);
    }

    /** Writes the sums and the solution (not the factor, which {@link #read} recomputes). */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(m);
        out.writeInt(k);
        out.writeDouble(lambda);
        out.writeLong(rows);
        StateCodec.writeDoubles(out, gHi);
        StateCodec.writeDoubles(out, gLo);
        StateCodec.writeDoubles(out, bHi);
        StateCodec.writeDoubles(out, bLo);
        StateCodec.writeDoubles(out, beta);
    }

    /** Reads what {@link #write} wrote, checks it and factorises it; the solution is kept bit for bit. */
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
        double[] beta = StateCodec.readDoubles(in);
        if (gHi.length != m * m || gLo.length != m * m || bHi.length != m * k || bLo.length != m * k || beta.length != m * k) {
            throw new ModelFileException("corrupted ridge state: array lengths do not match a " + m + "×" + k + " system");
        }
        if (rows < 0 || gHi[0] + gLo[0] != rows) {
            throw new ModelFileException("corrupted ridge state: " + rows + " rows but the intercept's sum is " + (gHi[0] + gLo[0]));
        }
        for (double[] a : new double[][] {gHi, gLo, bHi, bLo, beta}) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    throw new ModelFileException("corrupted ridge state: a non-finite value " + v);
                }
            }
        }
        NormalEquations eq = new NormalEquations(m, k, lambda, gHi, gLo, bHi, bLo, beta, rows);
        try {
            eq.refactor();
        } catch (ArithmeticException e) {
            throw new ModelFileException("corrupted ridge state: the Gram matrix is not positive definite (" + e.getMessage() + ")");
        }
        eq.computeResidual();
        return eq;
    }
}
