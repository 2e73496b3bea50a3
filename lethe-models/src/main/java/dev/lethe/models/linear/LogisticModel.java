package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.math.Cholesky;
import dev.lethe.math.LogisticCurvature;
import dev.lethe.math.LogisticNewton;
import dev.lethe.math.LogisticObjective;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * L2-regularised logistic regression that forgets.
 *
 * <h2>Features: the model's own preparation</h2>
 * The design is built from prepared values ({@link LogisticPreparation}, option {@code prepare}, by
 * default sign(x)·log(1 + |x|), centred and scaled by quantised training statistics, rows of unit
 * length), learned at training, stored in the model file and applied to every row it predicts.
 * Every record removal first checks that the preparation a model retrained on the remaining records
 * would learn is the stored one; if not, the model retrains (or, with policy {@code refuse}, refuses),
 * so the certificate below covers the preparation too.
 *
 * <h2>Records: certified removal (Guo, Goldstein, Hannun, van der Maaten, ICML 2020)</h2>
 * Training minimises J(w) = Σᵢ ℓᵢ + (λn/2)‖w‖² + bᵀw with b ~ N(0, σ²I) drawn from the model's seed
 * (one independent draw per design column, keyed by the column's name, so a model retrained without
 * a feature sees the same b on the other columns). Removing a set S of records applies one Newton
 * step w ← w + v with ∇²J(w; remaining)·v = Δ and Δ = Σ_{i∈S} ∇ℓᵢ(w) + λ|S|w, the gradient the
 * removed records contributed. The Hessian of the remaining data is kept factorised: Ĥ, the Hessian
 * at a point w₀ (the last Newton iterate of training), is downdated by each removed record's
 * curvature at w₀ (one rank-one downdate per record for binary models), so no request recomputes it
 * from all data. Because w moves away from w₀, Ĥ serves as the preconditioner of an iterative
 * refinement that solves the Newton system at the current w, each pass one Hessian-vector product
 * over the rows (O(non-zeros)); the exact linear residual r = Δ − ∇²J(w)·v is measured. Option
 * {@code refinements} caps the passes: fewer passes make a removal faster but leave a larger r,
 * which the bound charges to the budget, so fewer removals fit.
 *
 * <p>For binary models, Taylor's theorem gives ∇J(w + v) = ∇J(w) − r + ∫₀¹ (∇²J(w + tv) − ∇²J(w))·v dt
 * and ∇²J(w + tv) − ∇²J(w) = Σᵢ (ℓ''(xᵢᵀw + t·xᵢᵀv) − ℓ''(xᵢᵀw)) xᵢxᵢᵀ, hence
 * <pre>
 *   ‖∇J(w + v)‖ ≤ ‖∇J(w)‖ + ‖r‖ + ‖X‖₂ · ‖c‖₂,   cᵢ = γᵢ · ½(xᵢᵀv)²
 * </pre>
 * over the remaining rows, with γᵢ ≤ γ = √3/18 the largest |ℓ‴| = |σ(1−σ)(1−2σ)| on the interval
 * the row's score sweeps ({@link LogisticCurvature}). With γᵢ = γ and ‖c‖ ≤ ‖Xv‖_∞‖Xv‖₂/2 this is
 * Guo et al.'s data-dependent bound (their Corollary 1); keeping the per-row terms makes it much
 * tighter for records far from the decision boundary. ‖X‖₂ is bounded once at training by
 * √‖XᵀX‖_F (removing rows or zeroing columns only lowers it). Each removal adds its bound to the
 * running total, which starts at the measured training residual ‖∇J(w)‖. While the total stays
 * within ε' = σε/√(2 ln(1.5/δ)) the receipt says CERTIFIED(ε, δ) (Guo et al., Theorem 3). When the
 * next removal would exceed it, policy {@code retrain} refits from scratch on the remaining data with
 * a fresh b (next generation of the seed) and resets the total (that receipt says CERTIFIED, which a
 * fresh model drawn exactly as training on the remaining data satisfies trivially; not EXACT, since
 * the retrain oracle's twin would use the seed's first b), and policy {@code refuse} throws and
 * changes nothing. With ε = ∞ there is no b and removals are APPROXIMATE with the measured residual.
 *
 * <h2>Fast removals: option {@code bound=fast}</h2>
 * The tight bound above needs xᵢᵀv for every remaining row, at least one O(n·d) pass per removal.
 * With {@code bound=fast} a removal touches no remaining row: it is one Newton step with the
 * maintained Hessian and a bound built from O(d²) quantities only. Write R for the remaining rows
 * after the removal, n = |R|, w₀ for the point the maintained Hessian was formed at and
 * D = w − w₀. The maintained matrix is Ĥ = Σ_{i∈R} ℓ''(xᵢᵀw₀)xᵢxᵢᵀ + λN₀·I (N₀ rows when it was
 * formed; removals subtract each row's curvature at w₀ but not its λ), so
 * H₀ := ∇²J(w₀; R) = Ĥ − λ(N₀ − n)·I exactly. The step v approximately solves H₀v = Δ: the factor
 * is downdated by the removed rows' curvature at w₀ first (O(d²) per rank-one term; undone if the
 * request is refused), v = Ĥ⁻¹Δ, improved by at most {@code refinements} O(d²) refinement solves, and
 * its linear residual r = Δ − H₀v is computed from the maintained matrix, not from the factor (O(d²);
 * the removed rows' curvature is subtracted on the fly), so neither the λ(N₀ − n) shift nor any
 * drift of the downdated factor can hide in it. Since ∇J(w; R) = ∇J(w; R ∪ S) − Δ, Taylor's
 * theorem in integral form gives
 * <pre>
 *   ∇J(w + v; R) = ∇J(w; R ∪ S) − r + ∫₀¹ (∇²J(w + tv; R) − H₀)·v dt
 *   ∇²J(w + tv; R) − H₀ = Σ_{i∈R} eᵢ(t)·xᵢxᵢᵀ,   eᵢ(t) = ℓ''(xᵢᵀ(w + tv)) − ℓ''(xᵢᵀw₀)
 * </pre>
 * (the λn·I and bᵀw terms cancel). ℓ'' = σ(1−σ) is γ-Lipschitz with γ = max|ℓ‴| = √3/18, so
 * |eᵢ(t)| ≤ γ(|dᵢ| + t|qᵢ|) with dᵢ = xᵢᵀD and qᵢ = xᵢᵀv, and ‖xᵢxᵢᵀv‖ = ‖xᵢ‖·|qᵢ|. Integrating over t
 * and applying Cauchy–Schwarz with the weights ‖xᵢ‖,
 * <pre>
 *   ‖∫₀¹ …‖ ≤ γ Σ_{i∈R} ‖xᵢ‖(|dᵢ||qᵢ| + ½qᵢ²) ≤ γ (√(DᵀMD)·√(vᵀMv) + ½·vᵀMv),   M = Σ_{i∈R} ‖xᵢ‖·xᵢxᵢᵀ
 * </pre>
 * so each fast removal charges β = ‖r‖ + γ(√(DᵀMD)·√(vᵀMv) + ½vᵀMv) and ‖∇J(w + v; R)‖ ≤ total + β by
 * the triangle inequality. The ½vᵀMv part is the second-order remainder of Guo et al.'s Theorem 1
 * (their γ(n−1)‖H⁻¹Δ‖² on the same sum scale, with per-sample Hessian Lipschitz constant γ‖xᵢ‖³ ≤ γ
 * for ‖xᵢ‖ ≤ 1): since vᵀMv ≤ Σᵢ‖xᵢ‖³·‖v‖² ≤ n·max‖xᵢ‖³·‖v‖², our term is at most half of theirs
 * (the integral form gives the ½ their mean-value form drops). The √(DᵀMD) part charges the stale
 * Hessian: it grows as w drifts from w₀ with every removal, so fast removals get more expensive the
 * more have happened since training; a budget retrain resets D. M is kept as a d×d matrix,
 * downdated by ‖xᵢ‖xᵢxᵢᵀ per removed row (O(k²) for k non-zeros), and M·D is maintained
 * incrementally (M·D ← M·D − ‖xᵢ‖xᵢ(xᵢᵀD) per removed row, then + M·v as w moves by v), so a removal
 * costs a few O(d²) solves and matrix-vector products plus the O(d²) factor downdates. Receipts say
 * {@code bound_mode=fast} with the two terms ({@code stale_hessian_term}, {@code taylor_term}); budget
 * accounting and policies are those of the tight mode. γ here is the global √3/18 (per-row
 * constants would need the rows' scores, a pass over the data; Guo et al. use the looser 1/4).
 * Like the tight bound, it holds in exact arithmetic; the computed quantities carry ordinary
 * floating-point rounding. Receipts that are not CERTIFIED (ε = ∞, after a feature or label update)
 * still measure the residual over all remaining rows, as in the tight mode. Multinomial models take
 * the same step with no bound (APPROXIMATE, measured residual).
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

    /** 2: the feature preparation is stored after the state of version 1. */
    static final int STATE_VERSION = 2;
    /** The Lipschitz constant of the logistic loss' second derivative σ(1−σ): max |σ(1−σ)(1−2σ)| = √3/18. */
    static final double GAMMA = LogisticCurvature.GAMMA;
    /** Refinement stops once the linear residual is below this fraction of the (estimated) curvature term. */
    private static final double STOP = 0.3;
    /** A solve that needed more refinements than this marks the maintained Hessian for recomputation at the current w. */
    private static final int REFRESH_AFTER = 4;

    private final LogisticLearner.Options options;
    private final LogisticDesign design;
    private final int blocks;
    private final int columns;

    // derived from the training records (rebuilt on load)
    private boolean[] forgotten;
    private SparseRows x;
    private int[] labels;
    /**
     * The remaining rows, ascending; null after a certified fast removal (rebuilding it is a pass over
     * all rows, which that removal avoids) until {@link #live()} rebuilds it from the training records,
     * which have committed the removal by then.
     */
    private int[] live;
    private LogisticObjective objective;
    /** Sums the preparation's statistics come from, over the live rows (null without preparation). */
    private LogisticPreparation.Sums preparationSums;

    // state written to model files
    /** How raw values become design columns: learned at (re)training, checked at every removal. */
    private LogisticPreparation preparation;
    private int generation;
    private double[] w;
    private double[] b;
    private double[] w0;
    private SymmetricMatrix hessian;
    private int hessianRows;
    private Cholesky factor;
    /** xᵢᵀw for every live row (binary models; null for multinomial), moved along with every update of w. */
    private double[] scores;
    private double spectralBound;
    private double trainingResidual;
    private double residualBound;
    private long removedSinceTraining;
    private int retrains;
    private boolean certifiable;
    private boolean hessianStale;
    /** Fast bound (binary): M = Σ_{i live} ‖xᵢ‖·xᵢxᵢᵀ, downdated with every removal; null otherwise. */
    private SymmetricMatrix weightedGram;
    /** Fast bound: M·(w − w₀), maintained by fast removals; null when it must be recomputed. */
    private double[] shift;

    private LogisticModel(LogisticLearner.Options options, Provenance provenance, TrainingRecords records) {
        super(provenance, records);
        this.options = options;
        Schema schema = records.schema();
        this.design = new LogisticDesign(schema);
        this.blocks = schema.numClasses() == 2 ? 1 : schema.numClasses();
        this.columns = design.columns();
        this.forgotten = LogisticDesign.mask(schema, records.history().features());
        this.labels = new int[records.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = records.label(i);
        }
        this.live = records.remainingRows();
    }

    private int[] live() {
        if (live == null) {
            live = records.remainingRows();
        }
        return live;
    }

    static LogisticModel train(LogisticLearner.Options options, Provenance provenance, Dataset data) {
        LogisticModel m = new LogisticModel(options, provenance, new TrainingRecords(data));
        m.fitFromScratch(m.live(), 0);
        return m;
    }

    // ------------------------------------------------------------------ training

    /** Learns the preparation from {@code rows}, builds the design through it, and fits on those rows. */
    private void fitFromScratch(int[] rows, int newGeneration) {
        LogisticPreparation prep = LogisticPreparation.learn(options.prepare(), records.data(), rows, forgotten);
        LogisticPreparation.Sums sums = LogisticPreparation.Sums.over(options.prepare(), records.data(), rows);
        SparseRows x = prep.equals(preparation) && this.x != null ? this.x : design.build(records.data(), forgotten, prep);
        double[] newB = perturbation(newGeneration);
        LogisticObjective obj = new LogisticObjective(x, blocks, options.lambda(), newB);
        LogisticNewton.Result r = LogisticNewton.minimise(obj, rows, labels, options.tolerance(), options.maxIterations());
        SymmetricMatrix gram = new SymmetricMatrix(columns);
        for (int i : rows) {
            gram.addSparseOuter(1, 0, x.columnIndex(), x.values(), x.start(i), x.end(i));
        }
        this.preparation = prep;
        this.preparationSums = sums;
        this.x = x;
        this.spectralBound = Math.sqrt(gram.frobeniusNorm());
        this.weightedGram = fastBound() ? weightedGram(x, rows) : null;
        this.shift = null;
        this.objective = obj;
        this.generation = newGeneration;
        this.b = newB;
        this.w = r.w();
        this.w0 = r.hessianAt();
        this.hessian = r.hessian();
        this.hessianRows = rows.length;
        this.factor = r.factor();
        this.live = rows;
        this.scores = scores(x, w, rows, blocks);
        this.trainingResidual = Vectors.norm(r.gradient());
        this.residualBound = trainingResidual;
        this.removedSinceTraining = 0;
        this.certifiable = true;
        this.hessianStale = false;
    }

    /** Whether removals take the O(d²) path with a certified bound (fast option, binary model). */
    private boolean fastBound() {
        return options.fast() && blocks == 1;
    }

    /** M = Σᵢ ‖xᵢ‖·xᵢxᵢᵀ over {@code rows}. */
    private static SymmetricMatrix weightedGram(SparseRows design, int[] rows) {
        SymmetricMatrix m = new SymmetricMatrix(design.columns());
        for (int i : rows) {
            m.addSparseOuter(Math.sqrt(design.squaredNorm(i)), 0, design.columnIndex(), design.values(),
                    design.start(i), design.end(i));
        }
        return m;
    }

    /**
     * b for a generation: one N(0, σ²) draw per live design column, keyed by seed, generation, block and
     * column index (never by a level's value, so no draw is derived from a value the model later forgets).
     */
    private double[] perturbation(int gen) {
        double[] out = new double[blocks * columns];
        if (!options.perturbed()) {
            return out;
        }
        boolean[] active = design.activeColumns(forgotten);
        for (int k = 0; k < blocks; k++) {
            for (int c = 0; c < columns; c++) {
                if (!active[c]) {
                    continue;
                }
                String name = (blocks > 1 ? k + ":" : "") + c;
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
        double[] xi = design.encode(row, forgotten, preparation, new double[columns]);
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
        return Vectors.norm(objective.gradient(w, live(), labels));
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

    @Override
    protected Guarantee standingGuarantee() {
        if (isCertifying()) {
            return Guarantee.certified(options.epsilon(), options.delta());
        }
        return removedSinceTraining == 0 && certifiable ? Guarantee.EXACT : Guarantee.APPROXIMATE;
    }

    /** The feature preparation the design is built with (learned at the last (re)training). */
    LogisticPreparation preparation() {
        return preparation;
    }

    /** The upper bound on the design matrix' spectral norm used by the certified bound. */
    public double spectralBound() {
        return spectralBound;
    }

    // ------------------------------------------------------------------ forgetting

    @Override
    protected void check(ForgetPlan plan) {
        if (plan.removesRows() && plan.rows().length >= records.remainingCount()) {
            throw new ForgetException("cannot forget all " + records.remainingCount() + " remaining records of a logistic model ("
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
        int[] gone = plan.rows();
        LogisticPreparation.Sums sumsAfter = null;
        if (!preparation.isIdentity()) {
            sumsAfter = preparationSums.without(records.data(), gone);
            if (!preparation.after(sumsAfter, records.data(), () -> without(live(), gone), forgotten).equals(preparation)) {
                if (options.policy() == LogisticLearner.BudgetPolicy.REFUSE) {
                    throw new ForgetException("forgetting " + gone.length + " record" + (gone.length == 1 ? "" : "s")
                            + " would change the quantised statistics of the logistic model's feature preparation, which "
                            + "only a retrain can follow; policy 'refuse' leaves the model unchanged (retrain it, or use "
                            + "budget-policy=retrain)");
                }
                return retrain(without(live(), gone), gone.length, Double.NaN, "preparation changed",
                        "the quantised statistics of the feature preparation differ on the remaining records");
            }
        }
        Applied applied = options.fast() ? removeRowsFast(gone) : removeRows(gone);
        if (sumsAfter != null && !applied.details().containsKey("retrained")) {
            preparationSums = sumsAfter;
            applied.details().put("preparation", "unchanged (equal to the one retraining would learn)");
        }
        return applied;
    }

    /** The maintained Hessian a Newton step is preconditioned with: the current one, or a fresh one when stale. */
    private record HessianState(SymmetricMatrix hessian, Cholesky factor, double[] at, int rows, boolean fresh) {
    }

    private HessianState hessianState() {
        if (!hessianStale) {
            return new HessianState(hessian, factor, w0, hessianRows, false);
        }
        SymmetricMatrix h = objective.hessian(w, live());
        return new HessianState(h, h.cholesky(), w.clone(), live().length, true);
    }

    private void adopt(HessianState state) {
        hessian = state.hessian();
        factor = state.factor();
        w0 = state.at();
        hessianRows = state.rows();
        hessianStale = false;
        shift = null;
    }

    /**
     * A Newton direction v with ∇²J(w; rows)·v ≈ Δ and what it costs the bound: the exact linear
     * residual ‖Δ − ∇²J(w)·v‖ and, for binary models, the curvature term.
     */
    private record Solve(double[] v, double[] projections, double residual, double curvature, int iterations) {
        /** sᵢ ← sᵢ + xᵢᵀv for binary models (the projections are those of the returned v). */
        void moveScores(double[] scores, int[] rows) {
            if (projections != null) {
                for (int i : rows) {
                    scores[i] += projections[i];
                }
            }
        }

        /** The step's bound on the growth of the gradient residual; NaN when no bound is proven (multinomial). */
        double bound() {
            return residual + curvature;
        }
    }

    /**
     * Solves ∇²J(w; rows)·v = Δ by preconditioned iterative refinement, v ← v + Ĥ⁻¹(Δ − ∇²J(w)·v), where
     * Ĥ is the maintained, factorised Hessian (exact at w₀, close at w) and each Hessian-vector
     * product is one pass over the rows. Stops once the exact linear residual is small next to the
     * curvature term of the bound (binary) or to ‖Δ‖ (multinomial).
     */
    private Solve newtonSolve(Cholesky preconditioner, double[] delta, int[] rows) {
        if (blocks == 1 && scores == null) {
            scores = scores(x, w, live(), blocks);
        }
        double[] v = preconditioner.solve(delta);
        double deltaNorm = Vectors.norm(delta);
        double[] curvature = null;
        double[] third = null;
        double[] q = null;
        if (blocks == 1) {
            curvature = new double[x.rows()];
            third = new double[x.rows()];
            q = new double[x.rows()];
            for (int i : rows) {
                double p = LogisticObjective.sigmoid(scores[i]);
                curvature[i] = p * (1 - p);
                third[i] = curvature[i] * Math.abs(1 - 2 * p);
            }
        }
        for (int iteration = 1; ; iteration++) {
            double[] hv = blocks == 1 ? binaryHessianTimes(curvature, v, rows, q)
                    : objective.hessianTimes(w, v, rows, null, null);
            double[] r = delta.clone();
            Vectors.axpy(-1, hv, r);
            double residual = Vectors.norm(r);
            boolean last = iteration >= options.refinements() || residual <= 1e-12 * deltaNorm;
            if (blocks == 1) {
                // stop when the linear residual is small next to the curvature term (estimated cheaply here)
                if (last || residual <= STOP * curvatureEstimate(q, third, rows)) {
                    return new Solve(v, q, residual, curvatureBound(q, third, rows), iteration);
                }
            } else if (last || residual <= 1e-9 * deltaNorm) {
                return new Solve(v, null, residual, Double.NaN, iteration);
            }
            Vectors.axpy(1, preconditioner.solve(r), v);
        }
    }

    /** ∇²J(w)·v = Σᵢ ℓ''(xᵢᵀw)(xᵢᵀv)xᵢ + λn·v for a binary model, storing xᵢᵀv in {@code q}. */
    private double[] binaryHessianTimes(double[] curvature, double[] v, int[] rows, double[] q) {
        double[] out = new double[v.length];
        for (int i : rows) {
            double qi = x.dot(i, v, 0);
            q[i] = qi;
            x.axpy(i, curvature[i] * qi, out, 0);
        }
        Vectors.axpy(options.lambda() * rows.length, v, out);
        return out;
    }

    /** The curvature term with |ℓ‴| taken at xᵢᵀw only: not a bound, just a cheap stopping yardstick. */
    private double curvatureEstimate(double[] q, double[] third, int[] rows) {
        double c2 = 0;
        for (int i : rows) {
            double ci = third[i] * 0.5 * q[i] * q[i];
            c2 += ci * ci;
        }
        return spectralBound * Math.sqrt(c2);
    }

    /**
     * ‖X‖₂·‖c‖₂ with cᵢ = γᵢ·½(xᵢᵀv)² and γᵢ the largest |ℓ‴| between xᵢᵀw and xᵢᵀ(w + v) (|ℓ‴(xᵢᵀw)| is
     * {@code third[i]}): a bound on ‖∫₀¹ (∇²J(w + tv) − ∇²J(w))·v dt‖ (class Javadoc).
     */
    private double curvatureBound(double[] q, double[] third, int[] rows) {
        double c2 = 0;
        for (int i : rows) {
            double si = scores[i];
            double qi = q[i];
            double gamma = LogisticCurvature.lipschitz(Math.min(si, si + qi), Math.max(si, si + qi), third[i],
                    LogisticCurvature.third(si + qi));
            double ci = gamma * 0.5 * qi * qi;
            c2 += ci * ci;
        }
        return spectralBound * Math.sqrt(c2);
    }

    private Applied removeRows(int[] gone) {
        int[] nextLive = without(live(), gone);
        HessianState base = hessianState();
        double[] delta = new double[w.length];
        for (int i : gone) {
            objective.addRowGradient(i, labels[i], w, 1, delta);
        }
        Vectors.axpy(options.lambda() * gone.length, w, delta);

        // The factor only preconditions the solve, which is exact up to the measured residual, so the
        // step uses it as it stands and the downdate for the removed records happens at commit: a
        // refused request then never touches it.
        Solve solve = newtonSolve(base.factor(), delta, nextLive);
        boolean certifying = isCertifying();
        if (certifying && residualBound + solve.bound() > options.budget()) {
            return budgetExhausted(nextLive, gone.length, solve.bound());
        }

        // commit: Ĥ ← Ĥ − Σ ∇²ℓᵢ(w₀), the matrix by subtraction and its factor by rank-one downdates
        SymmetricMatrix h = base.fresh() ? base.hessian() : hessian;
        Cholesky f = base.factor();
        boolean downdated = true;
        for (int i : gone) {
            objective.addRowCurvature(i, base.at(), -1, h);
            for (double[] u : objective.curvatureFactors(i, base.at())) {
                downdated = downdated && f.downdate(u, 1e-6);
            }
        }
        if (!downdated) {
            f = h.cholesky();
        }
        adopt(new HessianState(h, f, base.at(), base.rows(), false));
        Vectors.axpy(1, solve.v(), w);
        live = nextLive;
        solve.moveScores(scores, live());
        removedSinceTraining += gone.length;
        hessianStale = solve.iterations() > REFRESH_AFTER;
        stateChanged();
        return receipt("newton-step", solve, certifying);
    }

    /**
     * A removal in O(d²) (class Javadoc, "Fast removals"): one Newton step with the maintained Hessian,
     * refined by at most {@code refinements} O(d²) solves, and for binary models the bound
     * β = ‖r‖ + γ(√(DᵀMD)·√(vᵀMv) + ½vᵀMv) from the weighted Gram matrix M; no remaining row is read.
     */
    private Applied removeRowsFast(int[] gone) {
        int remaining = records.remainingCount() - gone.length;
        HessianState base = hessianState();
        double[] delta = new double[w.length];
        for (int i : gone) {
            objective.addRowGradient(i, labels[i], w, 1, delta);
        }
        Vectors.axpy(options.lambda() * gone.length, w, delta);
        double[][] removedCurvature = new double[gone.length * blocks][];
        int count = 0;
        for (int i : gone) {
            for (double[] u : objective.curvatureFactors(i, base.at())) {
                removedCurvature[count++] = u;
            }
        }
        SymmetricMatrix h = base.fresh() ? base.hessian() : hessian;
        double lambdaShrink = options.lambda() * (base.rows() - remaining);
        boolean bounded = fastBound();
        double[] d = null;
        double[] shiftAfter = null;
        if (bounded) {
            d = w.clone();
            Vectors.axpy(-1, base.at(), d);
            // M·D over the rows before the removal (zero for a fresh Hessian at w), then without the removed rows
            shiftAfter = base.fresh() ? new double[w.length] : shift != null ? shift.clone() : weightedGram.multiply(d);
            for (int i : gone) {
                x.axpy(i, -Math.sqrt(x.squaredNorm(i)) * x.dot(i, d, 0), shiftAfter, 0);
            }
        }
        double dMd = bounded ? Math.max(0, Vectors.dot(d, shiftAfter)) : 0;
        double deltaNorm = Vectors.norm(delta);
        // Downdate the factor first, so the step is solved with the remaining rows' Hessian (up to the λ
        // term); a refused request restores it by the matching rank-one updates (rounding-level change
        // of a derived quantity: the maintained matrix, which defines H₀ and the residual, is untouched).
        Cholesky f = base.factor();
        int downdates = 0;
        while (downdates < removedCurvature.length && f.downdate(removedCurvature[downdates], 1e-6)) {
            downdates++;
        }
        boolean downdated = downdates == removedCurvature.length;
        if (!downdated) {
            for (int j = 0; j < downdates; j++) {
                f.update(removedCurvature[j]);
            }
            downdates = 0;
        }
        double[] v = f.solve(delta);
        double[] mv = null;
        double staleTerm = Double.NaN;
        double taylorTerm = Double.NaN;
        for (int iteration = 1; ; iteration++) {
            // r = Δ − H₀v with H₀ = Ĥ − Σ_{removed} uuᵀ − λ(N₀ − n)·I
            double[] hv = h.multiply(v);
            for (double[] u : removedCurvature) {
                Vectors.axpy(-Vectors.dot(u, v), u, hv);
            }
            Vectors.axpy(-lambdaShrink, v, hv);
            double[] r = delta.clone();
            Vectors.axpy(-1, hv, r);
            double residual = Vectors.norm(r);
            double curvature = Double.NaN;
            if (bounded) {
                mv = weightedGram.multiply(v);
                for (int i : gone) {
                    x.axpy(i, -Math.sqrt(x.squaredNorm(i)) * x.dot(i, v, 0), mv, 0);
                }
                double vMv = Math.max(0, Vectors.dot(v, mv));
                staleTerm = GAMMA * Math.sqrt(dMd) * Math.sqrt(vMv);
                taylorTerm = GAMMA * 0.5 * vMv;
                curvature = staleTerm + taylorTerm;
            }
            boolean last = iteration >= options.refinements() || residual <= 1e-12 * deltaNorm
                    || (bounded ? residual <= STOP * curvature : residual <= 1e-9 * deltaNorm);
            if (last) {
                Solve solve = new Solve(v, null, residual, curvature, iteration);
                Applied applied = commitFast(base, gone, solve, mv, shiftAfter,
                        java.util.Arrays.copyOf(removedCurvature, downdates), downdated);
                if (bounded && !applied.details().containsKey("retrained")) {
                    applied.details().put("stale_hessian_term", format(staleTerm));
                    applied.details().put("taylor_term", format(taylorTerm));
                }
                return applied;
            }
            Vectors.axpy(1, f.solve(r), v);
        }
    }

    /**
     * Commits a fast removal, or hands it to the budget policy. {@code downdatedBy} are the rank-one
     * terms the factor has already been downdated by (undone if the request does not commit).
     */
    private Applied commitFast(HessianState base, int[] gone, Solve solve, double[] mv, double[] shiftAfter,
                               double[][] downdatedBy, boolean downdated) {
        boolean certifying = isCertifying();
        if (certifying && residualBound + solve.bound() > options.budget()) {
            for (double[] u : downdatedBy) {
                base.factor().update(u);
            }
            return budgetExhausted(without(live(), gone), gone.length, solve.bound());
        }
        // commit: Ĥ loses the removed rows' curvature at w₀ (its factor already has), M their ‖xᵢ‖xᵢxᵢᵀ
        SymmetricMatrix h = base.fresh() ? base.hessian() : hessian;
        Cholesky factorAfter = base.factor();
        for (int i : gone) {
            objective.addRowCurvature(i, base.at(), -1, h);
        }
        if (!downdated) {
            factorAfter = h.cholesky();
        }
        adopt(new HessianState(h, factorAfter, base.at(), base.rows(), false));
        if (weightedGram != null) {
            for (int i : gone) {
                weightedGram.addSparseOuter(-Math.sqrt(x.squaredNorm(i)), 0, x.columnIndex(), x.values(), x.start(i), x.end(i));
            }
            // M·(w + v − w₀) = M·D + M·v, both over the remaining rows
            Vectors.axpy(1, mv, shiftAfter);
            shift = shiftAfter;
        }
        Vectors.axpy(1, solve.v(), w);
        // a certified receipt reads no rows, so the remaining rows are rebuilt only when next needed;
        // an uncertified one measures the residual over them now
        live = certifying ? null : without(live(), gone);
        scores = null; // not maintained by fast removals (that would be a pass over the data); rebuilt when needed
        removedSinceTraining += gone.length;
        stateChanged();
        return receipt("newton-step", solve, certifying);
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
        boolean secondOrder = options.update() == LogisticLearner.Update.SECOND_ORDER;
        HessianState base = secondOrder ? hessianState() : null;
        Solve solve;
        if (secondOrder) {
            solve = new Solve(base.factor().solve(delta), null, Double.NaN, Double.NaN, 1);
        } else {
            double[] v = delta.clone();
            double tau = firstOrderRate();
            for (int j = 0; j < v.length; j++) {
                v[j] *= tau;
            }
            solve = new Solve(v, null, Double.NaN, Double.NaN, 1);
        }
        // commit (labels do not enter the Hessian, so the maintained one stays valid)
        labels = newLabels;
        if (base != null && base.fresh()) {
            adopt(base);
        }
        Vectors.axpy(1, solve.v(), w);
        scores = scores(x, w, live(), blocks);
        shift = null;
        certifiable = false;
        stateChanged();
        return receipt(secondOrder ? "second-order" : "first-order", solve, false);
    }

    private Applied forgetFeature(int feature) {
        boolean[] newForgotten = forgotten.clone();
        newForgotten[feature] = true;
        SparseRows newX = design.build(records.data(), newForgotten, preparation);
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
        double[] gradient = newObjective.gradient(start, live(), labels);
        double[] v = new double[w.length];
        HessianState fresh = null;
        if (options.update() == LogisticLearner.Update.SECOND_ORDER) {
            SymmetricMatrix h = newObjective.hessian(start, live());
            fresh = new HessianState(h, h.cholesky(), start, live().length, true);
            double[] step = fresh.factor().solve(gradient);
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
        preparation = preparation.isIdentity() ? preparation : preparation.without(feature);
        x = newX;
        objective = newObjective;
        b = newB;
        w = start;
        Vectors.axpy(1, v, w);
        scores = scores(x, w, live(), blocks);
        weightedGram = fastBound() ? weightedGram(x, live()) : null;
        shift = null;
        if (fresh != null) {
            adopt(fresh);
        } else {
            hessianStale = true;
        }
        certifiable = false;
        stateChanged();
        return receipt(options.update() == LogisticLearner.Update.SECOND_ORDER ? "second-order" : "first-order",
                new Solve(v, null, Double.NaN, Double.NaN, 1), false);
    }

    /** τ of the first-order update: the option, or 1/L with L = ½‖X‖₂² + λn ≥ ‖∇²J‖ (ℓ'' ≤ ½ for softmax and sigmoid alike). */
    private double firstOrderRate() {
        return options.rate() > 0 ? options.rate()
                : 1 / (0.5 * spectralBound * spectralBound + options.lambda() * live().length);
    }

    private Applied budgetExhausted(int[] nextLive, int count, double stepBound) {
        if (options.policy() == LogisticLearner.BudgetPolicy.REFUSE) {
            throw new ForgetException(String.format(java.util.Locale.ROOT,
                    "certified-removal budget exhausted: forgetting %d record%s would raise the gradient-residual bound "
                            + "to %.6g (running total %.6g + this step %.6g), over the budget ε' = σε/c = %.6g; policy "
                            + "'refuse' leaves the model unchanged (retrain it, or use budget-policy=retrain)",
                    count, count == 1 ? "" : "s", residualBound + stepBound, residualBound, stepBound, options.budget()));
        }
        return retrain(nextLive, count, stepBound, "budget exhausted", String.format(java.util.Locale.ROOT,
                "this removal's bound %.6g would raise the running total %.6g over the budget %.6g",
                stepBound, residualBound, options.budget()));
    }

    /**
     * Retrains from scratch on {@code nextLive} (a fresh perturbation and preparation), the way out when
     * the budget is spent or the preparation changed; the receipt says so plainly.
     */
    private Applied retrain(int[] nextLive, int count, double stepBound, String reason, String why) {
        double before = residualBound;
        long removedBefore = removedSinceTraining;
        fitFromScratch(nextLive, generation + 1);
        retrains++;
        stateChanged();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", "retrained from scratch on the remaining records (" + reason + ")");
        details.put("retrained", "true");
        details.put("retrain_reason", reason + ": " + why + "; forgetting " + count + " record" + (count == 1 ? "" : "s")
                + " cost a full retrain");
        details.put("bound_mode", boundMode());
        if (!Double.isNaN(stepBound)) {
            details.put("step_bound", format(stepBound));
        }
        details.put("total_bound_before", format(before));
        details.put("removals_before_retrain", Long.toString(removedBefore));
        details.put("budget", format(options.budget()));
        details.put("total_bound", format(residualBound));
        details.put("generation", Integer.toString(generation));
        if (!options.perturbed()) {
            details.put("note", "without perturbation a retrain from scratch is the retrained model itself");
            return new Applied(Guarantee.EXACT, details);
        }
        details.put("note", "a model retrained from scratch with a fresh perturbation is distributed exactly as training on "
                + "the remaining records, so the certificate holds trivially; it is not EXACT in the retrain oracle's sense, "
                + "whose twin uses the seed's first perturbation");
        return new Applied(Guarantee.certified(options.epsilon(), options.delta()), details);
    }

    private Applied receipt(String method, Solve solve, boolean certified) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", method);
        boolean bounded = !Double.isNaN(solve.bound());
        if (bounded) {
            residualBound += solve.bound();
            details.put("step_bound", format(solve.bound()));
            details.put("linear_residual", format(solve.residual()));
            details.put("refinements", Integer.toString(solve.iterations()));
        }
        details.put("bound_mode", boundMode());
        if (certified) {
            details.put("total_bound", format(residualBound));
            details.put("budget", format(options.budget()));
            details.put("removals_since_training", Long.toString(removedSinceTraining));
            return new Applied(Guarantee.certified(options.epsilon(), options.delta()), details);
        }
        double measured = measuredResidual();
        if (!bounded) {
            residualBound = measured;
        }
        details.put("measured_residual", format(measured));
        details.put("total_bound", format(residualBound));
        if (blocks > 1) {
            details.put("note", "multinomial: no certified bound is proven for the softmax; residual measured");
        } else if (options.perturbed() && !certifiable) {
            details.put("note", "a feature or label update since training is approximate; removals are not certified "
                    + "until the model is retrained");
        }
        return new Applied(Guarantee.APPROXIMATE, details);
    }

    private String boundMode() {
        return options.bound().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Full precision, and some twenty times cheaper than {@code String.format}: receipts are issued per removal. */
    private static String format(double v) {
        return Double.toString(v);
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

    /** xᵢᵀw of the first weight block for the given rows (zero elsewhere); null for multinomial models. */
    private static double[] scores(SparseRows design, double[] weights, int[] rows, int blocks) {
        if (blocks > 1) {
            return null;
        }
        double[] s = new double[design.rows()];
        for (int i : rows) {
            s[i] = design.dot(i, weights, 0);
        }
        return s;
    }

    // ------------------------------------------------------------------ state

    /** Forgotten rows leave the design matrix (the prepared copy of every row's values) and the labels at commit. */
    @Override
    protected void scrubbed(int[] rows) {
        for (int row : rows) {
            x.erase(row);
            labels[row] = 0;
        }
    }

    /** A forgotten feature's moments leave the preparation sums, as its column leaves the rows. */
    @Override
    protected void scrubbedFeature(int feature) {
        if (preparationSums != null) {
            preparationSums = preparationSums.withoutColumn(feature);
        }
    }

    /** The first moment the preparation keeps of a feature, or NaN without preparation (package-private, for tests). */
    double preparationMoment(int feature) {
        return preparationSums == null ? Double.NaN : preparationSums.firstMoment(feature);
    }

    /** The design matrix's entries of a row (package-private, for tests). */
    double[] designRow(int row) {
        return java.util.Arrays.copyOfRange(x.values(), x.start(row), x.end(row));
    }

    @Override
    protected void digestParameters(StateDigest d) {
        d.add(generation).add(w).add(b).add(w0).add(hessianRows).add(trainingResidual).add(residualBound)
                .add(removedSinceTraining).add(retrains).add(certifiable ? 1 : 0).add(hessianStale ? 1 : 0);
        preparation.digest(d);
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(generation);
        StateCodec.writeDoubles(out, w);
        StateCodec.writeDoubles(out, b);
        StateCodec.writeDoubles(out, w0);
        StateCodec.writeDoubles(out, hessian.lowerValues());
        out.writeInt(hessianRows);
        out.writeDouble(spectralBound);
        out.writeDouble(trainingResidual);
        out.writeDouble(residualBound);
        out.writeLong(removedSinceTraining);
        out.writeInt(retrains);
        out.writeBoolean(certifiable);
        out.writeBoolean(hessianStale);
        preparation.write(out);
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
        m.spectralBound = in.readDouble();
        m.trainingResidual = in.readDouble();
        m.residualBound = in.readDouble();
        m.removedSinceTraining = in.readLong();
        m.retrains = in.readInt();
        m.certifiable = in.readBoolean();
        m.hessianStale = in.readBoolean();
        m.preparation = LogisticPreparation.read(in, options.prepare(), m.records.schema());
        m.x = m.design.build(m.records.data(), m.forgotten, m.preparation);
        m.preparationSums = LogisticPreparation.Sums.over(options.prepare(), m.records.data(), m.live());
        if (m.generation < 0 || m.hessianRows < m.live().length || m.hessianRows > m.records.size()) {
            throw new ModelFileException("corrupted logistic state: generation " + m.generation + ", Hessian of "
                    + m.hessianRows + " rows for " + m.live().length + " remaining");
        }
        m.objective = new LogisticObjective(m.x, m.blocks, options.lambda(), m.b);
        m.scores = scores(m.x, m.w, m.live(), m.blocks);
        m.weightedGram = m.fastBound() ? weightedGram(m.x, m.live()) : null;
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
                + live().length + " records, residual bound " + format(residualBound) + " of " + format(options.budget()) + "]";
    }
}
