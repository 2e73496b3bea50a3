package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.math.Cholesky;
import dev.lethe.math.SparseRows;
import dev.lethe.math.SymmetricMatrix;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * L2-regularised logistic regression that forgets.
 *
 * <h2>Records: certified removal (Guo, Goldstein, Hannun, van der Maaten, ICML 2020)</h2>
 * Training minimises J(w) = Σᵢ ℓᵢ + (λn/2)‖w‖² + bᵀw with b ~ N(0, σ²I) drawn from the model's seed
 * (one independent draw per design column, keyed by the column's name, so a model retrained without
 * a feature sees the same b on the other columns). Removing a set S of records applies one Newton
 * step w ← w + Ĥ⁻¹Δ with Δ = Σ_{i∈S} ∇ℓᵢ(w) + λ|S|w, the gradient the removed records contributed.
 * Ĥ is the Hessian of the remaining records' objective at a fixed point w₀ (the last Newton iterate
 * of training): it is kept as a Cholesky factor and downdated by each removed record's curvature at
 * w₀ (rank one for binary models), so Ĥ equals ∇²J(w₀; remaining) exactly and no request recomputes
 * it from all data. The shrinking regulariser λn is handled by iterative refinement on the factor.
 *
 * <p>The gradient of the remaining-data objective after the step is bounded, for binary models, by
 * <pre>
 *   ‖∇J(w + v)‖ ≤ ‖∇J(w)‖ + ‖r‖ + ‖X‖₂ · ‖ c ‖₂,   cᵢ = γᵢ · (|xᵢᵀ(w − w₀)| + ½|xᵢᵀv|) · |xᵢᵀv|
 * </pre>
 * over the remaining rows xᵢ, where v is the step, r the linear-solve residual, and γᵢ ≤ γ = √3/18
 * the largest |ℓ'''| = |σ(1−σ)(1−2σ)| on the interval the row's score sweeps (from xᵢᵀw₀ along
 * xᵢᵀ(w + tv), t ∈ [0, 1]; see {@link LogisticCurvature}), so that ℓ'' is γᵢ-Lipschitz there. This is Guo et al.'s
 * data-dependent bound (their Corollary 1, γ‖X‖‖v‖‖Xv‖) derived with the per-row terms kept and
 * with the Hessian allowed to sit at w₀ rather than at w: by Taylor's theorem
 * ∇J(w+v) = ∇J(w) − Δ + ∫₀¹ ∇²J(w+tv)v dt and ∇²J(w+tv) − Ĥ = Σᵢ (ℓ''(xᵢᵀ(w+tv)) − ℓ''(xᵢᵀw₀)) xᵢxᵢᵀ.
 * ‖X‖₂ is bounded once at training by √‖XᵀX‖_F (removing rows or zeroing columns only lowers it).
 * Each removal adds its bound to the running total (which starts at the measured training residual);
 * while the total stays within ε' = σε/√(2 ln(1.5/δ)) the receipt says CERTIFIED(ε, δ)
 * (Guo et al., Theorem 3). When the next removal would exceed it, policy {@code retrain} refits from
 * scratch on the remaining data with a fresh b (next generation of the seed) and resets the total,
 * and policy {@code refuse} throws and changes nothing. With ε = ∞ there is no b and removals are
 * APPROXIMATE with the measured residual.
 *
 * <p><b>Multinomial models</b> (more than two classes) forget by the same Newton step with the
 * block Hessian (downdated by K rank-one terms per record), but Guo et al.'s analysis covers binary
 * linear classifiers only and we prove no bound for the softmax: their removals are APPROXIMATE
 * with the measured residual ‖∇J‖, never CERTIFIED.
 *
 * <h2>Features and labels (Warnecke, Pirch, Wressnegger, Rieck, NDSS 2023)</h2>
 * Forgetting a feature zeroes its design columns in every record and its weights; relabelling
 * replaces labels. Both then apply a closed-form update with Δ∇ the change of the gradient caused
 * by the new data: second-order w ← w − H⁻¹Δ∇ (for labels H is the maintained Hessian, which does
 * not depend on labels; for a feature it is recomputed on the new data, one Newton iteration's
 * work) or first-order w ← w − τΔ∇. These updates are APPROXIMATE: the receipt carries the measured
 * gradient residual. Because they are not part of Guo et al.'s mechanism, later record removals are
 * APPROXIMATE too until a budget retrain restores a certified state.
 */
public final class LogisticModel extends AbstractUnlearnableModel {

    static final int STATE_VERSION = 1;
    /** The Lipschitz constant of the logistic loss' second derivative σ(1−σ): max |σ(1−σ)(1−2σ)| = √3/18. */
    static final double GAMMA = Math.sqrt(3) / 18;
    /** When removals since the Hessian was formed exceed this fraction of the rows, refactorise the shifted matrix. */
    private static final double REFACTOR_FRACTION = 0.05;

    private final LogisticLearner.Options options;
    private final LogisticDesign design;
    private final int blocks;
    private final int columns;

    // derived from the training records (rebuilt on load)
    private boolean[] forgotten;
    private SparseRows x;
    private int[] labels;
    private int[] live;
    private LogisticObjective objective;

    // state written to model files
    private int generation;
    private double[] w;
    private double[] b;
    private double[] w0;
    private SymmetricMatrix hessian;
    private int hessianRows;
    private Cholesky factor;
    private double[] drift;
    /** xᵢᵀw₀ for every live row (binary models): where the maintained Hessian's curvatures were taken. */
    private double[] anchor;
    private double spectralBound;
    private double trainingResidual;
    private double residualBound;
    private long removedSinceTraining;
    private int retrains;
    private boolean certifiable;
    private boolean hessianStale;

    private LogisticModel(LogisticLearner.Options options, Provenance provenance, TrainingRecords records) {
        super(provenance, records);
        this.options = options;
        Schema schema = records.schema();
        this.design = new LogisticDesign(schema);
        this.blocks = schema.numClasses() == 2 ? 1 : schema.numClasses();
        this.columns = design.columns();
        this.forgotten = LogisticDesign.mask(schema, records.history().features());
        this.x = design.build(records.data(), forgotten);
        this.labels = new int[records.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = records.label(i);
        }
        this.live = records.remainingRows();
    }

    static LogisticModel train(LogisticLearner.Options options, Provenance provenance, Dataset data) {
        LogisticModel m = new LogisticModel(options, provenance, new TrainingRecords(data));
        m.fitFromScratch(m.live, 0);
        return m;
    }

    // ------------------------------------------------------------------ training

    private void fitFromScratch(int[] rows, int newGeneration) {
        double[] newB = perturbation(newGeneration);
        LogisticObjective obj = new LogisticObjective(x, blocks, options.lambda(), newB);
        LogisticNewton.Result r = LogisticNewton.minimise(obj, rows, labels, options.tolerance(), options.maxIterations());
        SymmetricMatrix gram = new SymmetricMatrix(columns);
        for (int i : rows) {
            gram.addSparseOuter(1, 0, x.columnIndex(), x.values(), x.start(i), x.end(i));
        }
        this.spectralBound = Math.sqrt(gram.frobeniusNorm());
        this.objective = obj;
        this.generation = newGeneration;
        this.b = newB;
        this.w = r.w();
        this.w0 = r.hessianAt();
        this.hessian = r.hessian();
        this.hessianRows = rows.length;
        this.factor = r.factor();
        this.live = rows;
        this.anchor = scores(x, w0, rows);
        this.drift = new double[x.rows()];
        for (int i : rows) {
            drift[i] = x.dot(i, w, 0) - anchor[i];
        }
        this.trainingResidual = Vectors.norm(r.gradient());
        this.residualBound = trainingResidual;
        this.removedSinceTraining = 0;
        this.certifiable = true;
        this.hessianStale = false;
    }

    /** b for a generation: one N(0, σ²) draw per live design column, keyed by seed, generation and column name. */
    private double[] perturbation(int gen) {
        double[] out = new double[blocks * columns];
        if (!options.perturbed()) {
            return out;
        }
        boolean[] active = design.activeColumns(forgotten);
        List<String> names = design.columnNames();
        List<String> classes = records.schema().classes();
        for (int k = 0; k < blocks; k++) {
            for (int c = 0; c < columns; c++) {
                if (!active[c]) {
                    continue;
                }
                String name = (blocks > 1 ? classes.get(k) + ":" : "") + names.get(c);
                long key = provenance().seed() * 0x9E3779B97F4A7C15L + gen * 0xC2B2AE3D27D4EB4FL + fnv(name);
                out[k * columns + c] = options.sigma() * new SplittableRandom(key).nextGaussian();
            }
        }
        return out;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= by & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    // ------------------------------------------------------------------ prediction

    @Override
    public String family() {
        return LogisticFamily.NAME;
    }

    @Override
    public double predict(double[] row) {
        return Vectors.argmax(probabilities(row));
    }

    @Override
    public double[] probabilities(double[] row) {
        double[] xi = design.encode(row, forgotten, new double[columns]);
        if (blocks == 1) {
            double p = LogisticObjective.sigmoid(dot(xi, w, 0));
            return new double[]{1 - p, p};
        }
        double[] s = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            s[k] = dot(xi, w, k * columns);
        }
        return Vectors.softmaxInPlace(s);
    }

    private static double dot(double[] xi, double[] weights, int offset) {
        double s = 0;
        for (int j = 0; j < xi.length; j++) {
            s += xi[j] * weights[offset + j];
        }
        return s;
    }

    @Override
    public Map<String, double[]> parameters() {
        return design.parameters(w, blocks, forgotten);
    }

    // ------------------------------------------------------------------ introspection (tests, benchmarks, reports)

    /** The weights, block-major: per block the intercept, then each feature's design columns in schema order. */
    public double[] weights() {
        return w.clone();
    }

    /** The perturbation b of the current generation (zeros when ε = ∞). */
    public double[] perturbation() {
        return b.clone();
    }

    public LogisticLearner.Options options() {
        return options;
    }

    /** True for two classes (one weight vector, certified removal possible). */
    public boolean isBinary() {
        return blocks == 1;
    }

    /** The running upper bound on ‖∇J(w; remaining)‖ (sum scale). */
    public double residualBound() {
        return residualBound;
    }

    /** The certified budget ε' (infinite when ε = ∞). */
    public double budget() {
        return options.budget();
    }

    /** The measured ‖∇J(w; remaining)‖ on the sum scale, computed from all remaining records (O(n·d)). */
    public double measuredResidual() {
        return Vectors.norm(objective.gradient(w, live, labels));
    }

    /** How many budget retrains have happened. */
    public int retrains() {
        return retrains;
    }

    /** Records removed since the last (re)training. */
    public long removedSinceTraining() {
        return removedSinceTraining;
    }

    /** Whether record removals are currently CERTIFIED (binary, ε finite, no approximate feature/label update since training). */
    public boolean isCertifying() {
        return options.perturbed() && blocks == 1 && certifiable;
    }

    /** The upper bound on the design matrix' spectral norm used by the certified bound. */
    public double spectralBound() {
        return spectralBound;
    }

    // ------------------------------------------------------------------ forgetting

    @Override
    protected void check(ForgetPlan plan) {
        if (plan.removesRows() && plan.rows().length >= live.length) {
            throw new ForgetException("cannot forget all " + live.length + " remaining records of a logistic model ("
                    + plan.describe() + "); it needs at least one record to stay");
        }
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        if (plan.isFeature()) {
            return forgetFeature(plan.feature());
        }
        if (plan.isRelabel()) {
            return relabel(plan.rows(), plan.newTargets());
        }
        return removeRows(plan.rows());
    }

    /** The Hessian state a Newton step uses: the current one, or a fresh one when an update left it stale. */
    private record HessianState(SymmetricMatrix hessian, Cholesky factor, double[] at, int rows, double[] drift,
                                double[] anchor, boolean fresh) {
    }

    private HessianState hessianState() {
        if (!hessianStale) {
            return new HessianState(hessian, factor, w0, hessianRows, drift, anchor, false);
        }
        SymmetricMatrix h = objective.hessian(w, live);
        return new HessianState(h, h.cholesky(), w.clone(), live.length, new double[x.rows()], scores(x, w, live), true);
    }

    /** xᵢᵀw of the first weight block for the given rows (zero elsewhere). */
    private static double[] scores(SparseRows design, double[] weights, int[] rows) {
        double[] s = new double[design.rows()];
        for (int i : rows) {
            s[i] = design.dot(i, weights, 0);
        }
        return s;
    }

    private Applied removeRows(int[] gone) {
        int[] nextLive = without(live, gone);
        HessianState base = hessianState();
        double[] delta = new double[w.length];
        for (int i : gone) {
            objective.addRowGradient(i, labels[i], w, 1, delta);
        }
        Vectors.axpy(options.lambda() * gone.length, w, delta);

        // Ĥ ← Ĥ − Σ ∇²ℓᵢ(w₀), by rank-one downdates of a copy of the factor (the model changes only at commit)
        Cholesky f = base.factor().copy();
        boolean downdated = true;
        for (int i : gone) {
            for (double[] u : objective.curvatureFactors(i, base.at())) {
                if (!f.downdate(u, 1e-6)) {
                    downdated = false;
                    break;
                }
            }
            if (!downdated) {
                break;
            }
        }
        SymmetricMatrix refactored = null;
        int shiftRows = base.rows() - nextLive.length;
        if (!downdated || shiftRows > REFACTOR_FRACTION * nextLive.length) {
            refactored = base.hessian().copy();
            for (int i : gone) {
                objective.addRowCurvature(i, base.at(), -1, refactored);
            }
            refactored.addDiagonal(-options.lambda() * shiftRows);
            f = refactored.cholesky();
            shiftRows = 0;
        }
        double[] solveResidual = new double[1];
        double[] v = solveShifted(f, delta, options.lambda() * shiftRows, solveResidual);

        Step step = bound(v, nextLive, base, solveResidual[0]);
        boolean certifying = isCertifying();
        if (certifying && residualBound + step.bound() > options.budget()) {
            return budgetExhausted(nextLive, gone.length, step.bound());
        }

        // commit: nothing below can fail
        if (refactored != null) {
            hessian = refactored;
            hessianRows = nextLive.length;
        } else {
            hessian = base.fresh() ? base.hessian() : hessian;
            for (int i : gone) {
                objective.addRowCurvature(i, base.at(), -1, hessian);
            }
            hessianRows = base.rows();
        }
        factor = f;
        w0 = base.at();
        drift = base.drift();
        anchor = base.anchor();
        hessianStale = false;
        Vectors.axpy(1, v, w);
        step.addTo(drift, nextLive);
        live = nextLive;
        removedSinceTraining += gone.length;
        stateChanged();
        return receipt("newton-step", step, certifying);
    }

    private Applied relabel(int[] rows, double[] newTargets) {
        int[] newLabels = labels.clone();
        double[] delta = new double[w.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            newLabels[i] = (int) newTargets[k];
            objective.addRowGradient(i, labels[i], w, 1, delta);
            objective.addRowGradient(i, newLabels[i], w, -1, delta);
        }
        HessianState base = hessianState();
        Step step;
        double[] v;
        if (options.update() == LogisticLearner.Update.SECOND_ORDER) {
            double[] solveResidual = new double[1];
            v = solveShifted(base.factor(), delta, options.lambda() * (base.rows() - live.length), solveResidual);
            step = bound(v, live, base, solveResidual[0]);
        } else {
            v = delta.clone();
            for (int j = 0; j < v.length; j++) {
                v[j] *= firstOrderRate();
            }
            step = new Step(Double.NaN, projections(v, live));
        }
        // commit (labels do not enter the Hessian, so the maintained one stays valid)
        labels = newLabels;
        if (base.fresh()) {
            hessian = base.hessian();
            factor = base.factor();
            hessianRows = base.rows();
            w0 = base.at();
            drift = base.drift();
            anchor = base.anchor();
            hessianStale = false;
        }
        Vectors.axpy(1, v, w);
        step.addTo(drift, live);
        certifiable = false;
        stateChanged();
        return receipt(options.update() == LogisticLearner.Update.SECOND_ORDER ? "second-order" : "first-order",
                step, false);
    }

    private Applied forgetFeature(int feature) {
        boolean[] newForgotten = forgotten.clone();
        newForgotten[feature] = true;
        SparseRows newX = design.build(records.data(), newForgotten);
        boolean[] active = design.activeColumns(newForgotten);
        double[] newB = b.clone();
        double[] start = w.clone();
        for (int k = 0; k < blocks; k++) {
            for (int c = 0; c < columns; c++) {
                if (!active[c]) {
                    newB[k * columns + c] = 0;
                    start[k * columns + c] = 0;
                }
            }
        }
        LogisticObjective newObjective = new LogisticObjective(newX, blocks, options.lambda(), newB);
        double[] gradient = newObjective.gradient(start, live, labels);
        double[] v = new double[w.length];
        SymmetricMatrix newHessian = null;
        Cholesky newFactor = null;
        if (options.update() == LogisticLearner.Update.SECOND_ORDER) {
            newHessian = newObjective.hessian(start, live);
            newFactor = newHessian.cholesky();
            double[] step = newFactor.solve(gradient);
            for (int j = 0; j < v.length; j++) {
                v[j] = -step[j];
            }
        } else {
            double tau = firstOrderRate();
            for (int j = 0; j < v.length; j++) {
                v[j] = -tau * gradient[j];
            }
        }
        // commit
        forgotten = newForgotten;
        x = newX;
        objective = newObjective;
        b = newB;
        w = start;
        Vectors.axpy(1, v, w);
        if (newHessian != null) {
            hessian = newHessian;
            factor = newFactor;
            hessianRows = live.length;
            w0 = start;
            anchor = scores(x, start, live);
            drift = new double[x.rows()];
            for (int i : live) {
                drift[i] = x.dot(i, v, 0);
            }
            hessianStale = false;
        } else {
            hessianStale = true;
        }
        certifiable = false;
        stateChanged();
        return receipt(options.update() == LogisticLearner.Update.SECOND_ORDER ? "second-order" : "first-order",
                new Step(Double.NaN, null), false);
    }

    /** τ of the first-order update: the option, or 1/L with L = ½‖X‖₂² + λn ≥ ‖∇²J‖ (ℓ'' ≤ ½ for softmax and sigmoid alike). */
    private double firstOrderRate() {
        return options.rate() > 0 ? options.rate()
                : 1 / (0.5 * spectralBound * spectralBound + options.lambda() * live.length);
    }

    private Applied budgetExhausted(int[] nextLive, int count, double stepBound) {
        if (options.policy() == LogisticLearner.BudgetPolicy.REFUSE) {
            throw new ForgetException(String.format(java.util.Locale.ROOT,
                    "certified-removal budget exhausted: forgetting %d record%s would raise the gradient-residual bound "
                            + "to %.6g (running total %.6g + this step %.6g), over the budget ε' = σε/c = %.6g; policy "
                            + "'refuse' leaves the model unchanged (retrain it, or use budget-policy=retrain)",
                    count, count == 1 ? "" : "s", residualBound + stepBound, residualBound, stepBound, options.budget()));
        }
        double before = residualBound;
        long removedBefore = removedSinceTraining;
        fitFromScratch(nextLive, generation + 1);
        retrains++;
        stateChanged();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", "retrained from scratch on the remaining records (budget exhausted)");
        details.put("retrained", "true");
        details.put("step_bound", format(stepBound));
        details.put("total_bound_before", format(before));
        details.put("removals_before_retrain", Long.toString(removedBefore));
        details.put("budget", format(options.budget()));
        details.put("total_bound", format(residualBound));
        details.put("generation", Integer.toString(generation));
        return new Applied(Guarantee.EXACT, details);
    }

    /** A Newton or gradient step's bound and the projections Xv over the remaining rows. */
    private record Step(double bound, double[] projections) {
        void addTo(double[] drift, int[] rows) {
            if (projections == null) {
                return;
            }
            for (int i : rows) {
                drift[i] += projections[i];
            }
        }
    }

    private double[] projections(double[] v, int[] rows) {
        if (blocks > 1) {
            return null;
        }
        double[] q = new double[x.rows()];
        for (int i : rows) {
            q[i] = x.dot(i, v, 0);
        }
        return q;
    }

    /** The data-dependent residual bound of a binary Newton step (class Javadoc); NaN for multinomial models. */
    private Step bound(double[] v, int[] rows, HessianState base, double solveResidual) {
        if (blocks > 1) {
            return new Step(Double.NaN, null);
        }
        double[] q = projections(v, rows);
        double[] z = base.drift();
        double[] s0 = base.anchor();
        double c2 = 0;
        for (int i : rows) {
            double qi = Math.abs(q[i]);
            double here = s0[i] + z[i];
            double lo = Math.min(s0[i], Math.min(here, here + q[i]));
            double hi = Math.max(s0[i], Math.max(here, here + q[i]));
            double ci = LogisticCurvature.lipschitz(lo, hi) * (Math.abs(z[i]) + 0.5 * qi) * qi;
            c2 += ci * ci;
        }
        return new Step(solveResidual + spectralBound * Math.sqrt(c2), q);
    }

    private Applied receipt(String method, Step step, boolean certified) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", method);
        if (!Double.isNaN(step.bound())) {
            residualBound += step.bound();
            details.put("step_bound", format(step.bound()));
        }
        if (certified) {
            details.put("total_bound", format(residualBound));
            details.put("budget", format(options.budget()));
            details.put("removals_since_training", Long.toString(removedSinceTraining));
            return new Applied(Guarantee.certified(options.epsilon(), options.delta()), details);
        }
        double measured = measuredResidual();
        if (Double.isNaN(step.bound())) {
            residualBound = measured;
        }
        details.put("measured_residual", format(measured));
        details.put("total_bound", format(residualBound));
        if (options.perturbed() && blocks == 1 && !certifiable) {
            details.put("note", "a feature or label update since training is approximate; removals are not certified "
                    + "until the model is retrained");
        } else if (blocks > 1) {
            details.put("note", "multinomial: no certified bound is proven; residual measured");
        }
        return new Applied(Guarantee.APPROXIMATE, details);
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    /**
     * Solves (F·Fᵀ − shift·I)·v = rhs by iterative refinement on the factor F of the unshifted matrix
     * (the shifted matrix is F·Fᵀ minus the regulariser of the records removed since it was formed;
     * the iteration contracts by shift/λ_min ≤ {@value #REFACTOR_FRACTION}). Stores the norm of the
     * remaining residual rhs − (F·Fᵀ − shift·I)·v, which equals shift·‖v_k − v_{k−1}‖, in {@code residual[0]}.
     */
    private static double[] solveShifted(Cholesky f, double[] rhs, double shift, double[] residual) {
        double[] v = f.solve(rhs);
        double r = shift * Vectors.norm(v);
        double target = 1e-10 * Vectors.norm(rhs);
        for (int iteration = 0; iteration < 10 && r > target; iteration++) {
            double[] shifted = rhs.clone();
            Vectors.axpy(shift, v, shifted);
            double[] next = f.solve(shifted);
            double change = 0;
            for (int j = 0; j < v.length; j++) {
                double dj = next[j] - v[j];
                change += dj * dj;
            }
            r = shift * Math.sqrt(change);
            v = next;
        }
        residual[0] = r;
        return v;
    }

    private static int[] without(int[] rows, int[] gone) {
        int[] out = new int[rows.length - gone.length];
        int k = 0;
        int g = 0;
        for (int r : rows) {
            while (g < gone.length && gone[g] < r) {
                g++;
            }
            if (g < gone.length && gone[g] == r) {
                continue;
            }
            out[k++] = r;
        }
        if (k != out.length) {
            throw new IllegalStateException("removed rows are not all live");
        }
        return out;
    }

    // ------------------------------------------------------------------ state

    @Override
    protected void digestParameters(StateDigest d) {
        d.add(generation).add(w).add(b).add(w0).add(hessianRows).add(trainingResidual).add(residualBound)
                .add(removedSinceTraining).add(retrains).add(certifiable ? 1 : 0).add(hessianStale ? 1 : 0);
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(generation);
        StateCodec.writeDoubles(out, w);
        StateCodec.writeDoubles(out, b);
        StateCodec.writeDoubles(out, w0);
        StateCodec.writeDoubles(out, hessian.lowerValues());
        out.writeInt(hessianRows);
        StateCodec.writeDoubles(out, drift);
        out.writeDouble(spectralBound);
        out.writeDouble(trainingResidual);
        out.writeDouble(residualBound);
        out.writeLong(removedSinceTraining);
        out.writeInt(retrains);
        out.writeBoolean(certifiable);
        out.writeBoolean(hessianStale);
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    /**
     * Restores a model. The Cholesky factor is recomputed from the maintained Hessian, which equals
     * the downdated factor's matrix up to rounding.
     */
    static LogisticModel read(DataInputStream in) throws IOException {
        Common common = Common.read(in);
        LogisticLearner.Options options = LogisticLearner.Options.from(
                new Settings(LogisticFamily.NAME, common.provenance().settings()));
        LogisticModel m = new LogisticModel(options, common.provenance(), common.records());
        int dimension = m.blocks * m.columns;
        m.generation = in.readInt();
        m.w = expect(StateCodec.readDoubles(in), dimension, "weights");
        m.b = expect(StateCodec.readDoubles(in), dimension, "perturbation");
        m.w0 = expect(StateCodec.readDoubles(in), dimension, "Hessian point");
        m.hessian = SymmetricMatrix.ofLower(expect(StateCodec.readDoubles(in), dimension * dimension, "Hessian"), dimension);
        m.hessianRows = in.readInt();
        m.drift = expect(StateCodec.readDoubles(in), m.x.rows(), "drift");
        m.spectralBound = in.readDouble();
        m.trainingResidual = in.readDouble();
        m.residualBound = in.readDouble();
        m.removedSinceTraining = in.readLong();
        m.retrains = in.readInt();
        m.certifiable = in.readBoolean();
        m.hessianStale = in.readBoolean();
        if (m.generation < 0 || m.hessianRows < m.live.length || m.hessianRows > m.records.size()) {
            throw new ModelFileException("corrupted logistic state: generation " + m.generation + ", Hessian of "
                    + m.hessianRows + " rows for " + m.live.length + " remaining");
        }
        m.objective = new LogisticObjective(m.x, m.blocks, options.lambda(), m.b);
        m.anchor = scores(m.x, m.w0, m.live);
        try {
            m.factor = m.hessian.cholesky();
        } catch (ArithmeticException e) {
            throw new ModelFileException("corrupted logistic state: the stored Hessian is not positive definite");
        }
        return m;
    }

    private static double[] expect(double[] values, int length, String what) {
        if (values.length != length) {
            throw new ModelFileException("corrupted logistic state: " + what + " has " + values.length
                    + " values, expected " + length);
        }
        return values;
    }

    @Override
    public String toString() {
        return "LogisticModel[" + (blocks == 1 ? "binary" : blocks + " classes") + ", " + columns + " design columns, "
                + live.length + " records, residual bound " + format(residualBound) + " of " + format(options.budget()) + "]";
    }

    /** For tests: the labels currently used (after relabels), per training row. */
    int[] currentLabels() {
        return labels.clone();
    }

    /** For tests: remaining rows. */
    int[] liveRows() {
        return live.clone();
    }

    @SuppressWarnings("unused")
    private static String describe(double[] v) {
        return Arrays.toString(v);
    }
}
