package dev.lethe.math;

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
 * full solve and after every large correction, and updated in O(d²·outputs) after a small one.
 * Forgetting a single row takes a cheaper path ({@link #removeRowAndUpdate}): a rank-one
 * correction of β from one refined solve G·u = x, which leaves the residual unchanged up to
 * rounding, with a full residual and refinement every {@value #FULL_RESIDUAL_EVERY} such rows (and
 * after any large correction) so rounding cannot accumulate.
 *
 * <p><b>Accuracy check.</b> A downdate that shrinks a pivot below {@value #MIN_PIVOT_RATIO} of its
 * value is refused by {@link Cholesky#downdate}; a solve with the downdated factor whose residual
 * against G exceeds {@value #SOLVE_RESIDUAL_BOUND} relative, or a refinement that stops
 * contracting, shows the factor has drifted from G: G is then refactorised (O(d³)).
 *
 * <p>Rows come as sparse design vectors (ascending column indices); only the lower triangle of G
 * is accumulated. When no rows remain the intercept's diagonal, then zero, is pinned to 1, so
 * the system stays positive definite and yields the all-zero solution.
 */
public final class NormalEquations {

    /** A downdate that shrinks a pivot of the factor below this fraction is refused (see {@link Cholesky#downdate}). */
    public static final double MIN_PIVOT_RATIO = 1e-3;
    /** Single-row residual updates between two full recomputations. */
    public static final int FULL_RESIDUAL_EVERY = 64;
    private static final double EPS = Math.ulp(1.0) / 2;
    private static final int MAX_REFINEMENTS = 12;
    /** Largest accepted relative residual of a solve with a downdated factor (a fresh one gives about d·2⁻⁵³). */
    public static final double SOLVE_RESIDUAL_BOUND = 1e-11;
    /**
     * After a correction δ at most this large relative to β, the residual is updated as R − G·δ in
     * plain doubles (error ≈ ε‖G‖‖δ‖, which moves β by at most κ(G)·2⁻¹⁶·ε relative: negligible for any
     * system the tolerance can be met on); after a larger one it is recomputed in full.
     */
    private static final double SMALL_CORRECTION = 0x1p-16;
    /**
     * A single-row correction larger than this relative to β (rows of a small dataset) is followed by
     * a full residual and refinement, since its plain-double residual update would be too coarse.
     */
    private static final double LARGE_CORRECTION = 0x1p-10;
    /**
     * If refining u = G⁻¹x corrects it by more than this fraction, the system is too ill-conditioned
     * for one refinement step to reach rounding level: the single-row path then refines β in full.
     */
    private static final double SLOW_CONTRACTION = 0x1p-20;

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
    private final double[] miss;

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
        this.miss = new double[k];
    }

    /** G = λD, B = 0, β = 0: the system before any row. */
    public static NormalEquations empty(int dimension, int outputs, double lambda) {
        double[] gHi = new double[dimension * dimension];
        for (int c = 1; c < dimension; c++) {
            gHi[c * dimension + c] = lambda;
        }
        return new NormalEquations(dimension, outputs, lambda, gHi, new double[dimension * dimension],
                new double[dimension * outputs], new double[dimension * outputs], new double[dimension * outputs], 0);
    }

    public int dimension() {
        return m;
    }

    public int outputs() {
        return k;
    }

    public long rows() {
        return rows;
    }

    /** The current solution (live array: read only). */
    public double[] beta() {
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
     * residual is left stale; call {@link #solve}.
     */
    public void addRow(int[] index, double[] value, int nnz, double sign, int output, double target) {
        for (int a = 0; a < nnz; a++) {
            int row = index[a] * m;
            double va = sign * value[a];
            for (int b = 0; b <= a; b++) {
                int at = row + index[b];
                double vb = value[b];
                DoubleDouble s = new DoubleDouble(gHi[at], gLo[at]);
                // indicator columns: a product with 1 is exact, so skip the two-product
                if (vb == 1.0) {
                    s.add(va);
                } else {
                    s.addProduct(va, vb);
                }
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
    public void addRhs(int[] index, double[] value, int nnz, int output, double scale) {
        for (int a = 0; a < nnz; a++) {
            int at = index[a] * k + output;
            DoubleDouble s = new DoubleDouble(bHi[at], bLo[at]).addProduct(scale, value[a]);
            bHi[at] = s.hi();
            bLo[at] = s.lo();
        }
    }

    /**
     * The single-row fast path, after the factor has been downdated by x: removes the row from the
     * sums (like {@link #addRow} with sign −1) and updates the solution by the rank-one correction
     * β ← β + u·(xᵀβ − t)ᵀ with u = G⁻¹x (one solve, refined once, for all outputs; Sherman and
     * Morrison 1950), O(d² + d·outputs); the residual R = B − G·β is then unchanged up to rounding. Every
     * {@value #FULL_RESIDUAL_EVERY} calls it recomputes the residual in full and refines.
     *
     * <p>Returns {@code false} when the downdated factor fails the accuracy check — the solve's
     * relative residual ‖x − G·u‖∞ / ‖|G|·|u| + |x|‖∞ exceeds {@value #SOLVE_RESIDUAL_BOUND}, or
     * refinement stops contracting; the sums are then updated and the caller must {@link #refactor}
     * and {@link #solve}.
     *
     * @param target the row's target at {@code output} (its other outputs are 0)
     */
    public boolean removeRowAndUpdate(int[] index, double[] value, int nnz, int output, double target) {
        for (int o = 0; o < k; o++) {
            double fitted = 0;
            for (int a = 0; a < nnz; a++) {
                fitted += value[a] * beta[index[a] * k + o];
            }
            miss[o] = fitted - (o == output ? target : 0);
        }
        addRow(index, value, nnz, -1.0, output, target);
        for (int a = 0; a < nnz; a++) {
            dense[index[a]] = value[a];
        }
        double[] u = factor.solve(dense);
        if (solveResidual(u) > SOLVE_RESIDUAL_BOUND) {
            for (int a = 0; a < nnz; a++) {
                dense[index[a]] = 0;
            }
            // β is unchanged: bring the residual to B − G·β for the new sums
            for (int o = 0; o < k; o++) {
                for (int a = 0; a < nnz; a++) {
                    residual[index[a] * k + o] += value[a] * miss[o];
                }
            }
            return false;
        }
        // one refinement step on u: then G·u = x to rounding, the correction carries the factor's
        // error only squared, and R + x·missᵀ − G·u·missᵀ = R needs no update
        for (int i = 0; i < m; i++) {
            column[i] = dense[i] - column[i];
        }
        double[] du = factor.solve(column);
        double uNorm = 0;
        double duNorm = 0;
        double betaNorm = 0;
        for (int i = 0; i < m; i++) {
            double ui = u[i] + du[i];
            uNorm = Math.max(uNorm, Math.abs(ui));
            duNorm = Math.max(duNorm, Math.abs(du[i]));
            for (int o = 0; o < k; o++) {
                double b = beta[i * k + o] + ui * miss[o];
                beta[i * k + o] = b;
                betaNorm = Math.max(betaNorm, Math.abs(b));
            }
        }
        for (int a = 0; a < nnz; a++) {
            dense[index[a]] = 0;
        }
        double missNorm = 0;
        for (int o = 0; o < k; o++) {
            missNorm = Math.max(missNorm, Math.abs(miss[o]));
        }
        // refine in full when due, after a large correction (small data: the rank-one step's rounding is
        // then not negligible) or when u's refinement contracted slowly (an ill-conditioned system)
        if (++residualUpdates >= FULL_RESIDUAL_EVERY || uNorm * missNorm > LARGE_CORRECTION * betaNorm
                || duNorm > SLOW_CONTRACTION * uNorm) {
            computeResidual();
            return refine();
        }
        return true;
    }

    /**
     * Puts G·u into {@code column} and returns the relative residual ‖x − G·u‖∞ / ‖|G|·|u| + |x|‖∞ of
     * the solve G·u = x, where x is in {@code dense}.
     */
    private double solveResidual(double[] u) {
        double errorNorm = 0;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            int row = i * m;
            double gu = 0;
            double magnitude = Math.abs(dense[i]);
            for (int j = 0; j < m; j++) {
                double t = g[row + j] * u[j];
                gu += t;
                magnitude += Math.abs(t);
            }
            column[i] = gu;
            errorNorm = Math.max(errorNorm, Math.abs(dense[i] - gu));
            scale = Math.max(scale, magnitude);
        }
        return errorNorm / scale;
    }

    /** Sets output column {@code output} of B to exactly zero (its sum is empty; residual left stale). */
    public void clearOutput(int output) {
        for (int c = 0; c < m; c++) {
            bHi[c * k + output] = 0;
            bLo[c * k + output] = 0;
        }
    }

    /** Resets to the system of no rows: G = λD, B = 0 and its solution β = 0, exactly (residual left stale). */
    public void clearRows() {
        Arrays.fill(beta, 0);
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
    public void refactor() {
        factor = Cholesky.factor(g, m);
    }

    /**
     * Downdates the factor by the sparse row x (L·Lᵀ − x·xᵀ), O(d²). Returns {@code false}, leaving
     * the factor unchanged, when that would lose positive definiteness or accuracy.
     */
    public boolean downdate(int[] index, double[] value, int nnz) {
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
     * Brings β to the solution of the current system, starting from the current β: recomputes the
     * residual in full, refines, and if refinement does not converge refactorises G and refines
     * again. Returns whether it refactorised.
     *
     * @throws ArithmeticException if G must be refactorised and is not numerically positive definite
     */
    public boolean solve() {
        computeResidual();
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
    public void restoreSolution(double[] saved) {
        System.arraycopy(saved, 0, beta, 0, beta.length);
        computeResidual();
    }

    /** A deep copy (factor and solution included). */
    public NormalEquations copy() {
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
    public NormalEquations keepColumns(int[] keep) {
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

    /**
     * The sums and the solution, which is all a model file needs: {@link #restore} recomputes the
     * factor and the residual from them.
     */
    public record State(int dimension, int outputs, double lambda, long rows, double[] gramHi, double[] gramLo,
                        double[] rhsHi, double[] rhsLo, double[] beta) {
    }

    /** A copy of the sums and the solution. */
    public State state() {
        return new State(m, k, lambda, rows, gHi.clone(), gLo.clone(), bHi.clone(), bLo.clone(), beta.clone());
    }

    /**
     * The system of a stored state, checked and factorised; the solution is kept bit for bit.
     *
     * @throws IllegalArgumentException naming what is inconsistent (array lengths, row count, a non-finite value)
     * @throws ArithmeticException       when the Gram matrix is not positive definite
     */
    public static NormalEquations restore(State s) {
        int m = s.dimension();
        int k = s.outputs();
        if (m < 1 || k < 1 || s.gramHi().length != m * m || s.gramLo().length != m * m || s.rhsHi().length != m * k
                || s.rhsLo().length != m * k || s.beta().length != m * k) {
            throw new IllegalArgumentException("array lengths do not match a " + m + "×" + k + " system");
        }
        if (s.rows() < 0 || s.gramHi()[0] + s.gramLo()[0] != s.rows()) {
            throw new IllegalArgumentException(s.rows() + " rows but the intercept's sum is " + (s.gramHi()[0] + s.gramLo()[0]));
        }
        for (double[] a : new double[][] {s.gramHi(), s.gramLo(), s.rhsHi(), s.rhsLo(), s.beta()}) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a non-finite value " + v);
                }
            }
        }
        NormalEquations eq = new NormalEquations(m, k, s.lambda(), s.gramHi().clone(), s.gramLo().clone(), s.rhsHi().clone(),
                s.rhsLo().clone(), s.beta().clone(), s.rows());
        eq.refactor();
        eq.computeResidual();
        return eq;
    }
}
