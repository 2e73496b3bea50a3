package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.math.NormalEquations;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ridge regressor or one-vs-rest ridge classifier that forgets exactly. It keeps the normal
 * equations (XᵀX + λD)β = XᵀY in double-double sums with the Cholesky factor of the Gram matrix, so:
 * <ul>
 *   <li>forgetting one record is a rank-one Cholesky downdate (Gill, Golub, Murray and Saunders,
 *       "Methods for modifying matrix factorizations", Math. Comp. 1974) and a refinement of the
 *       solution against the maintained sums, O(d²); when the downdate would lose accuracy (a pivot
 *       would shrink below {@value NormalEquations#MIN_PIVOT_RATIO} of its value, or refinement stops
 *       contracting) the model refactorises the Gram matrix instead, O(d³); batches of more than d/3
 *       rows refactorise directly;</li>
 *   <li>forgetting a feature deletes its rows and columns (all levels of a categorical feature) from
 *       the Gram matrix and XᵀY and refactorises, without reading the data again;</li>
 *   <li>a relabel changes only XᵀY;</li>
 *   <li>forgetting a class removes its records; its score column, now fitted on no positive
 *       example, stays (as it would when retraining with the same schema).</li>
 * </ul>
 * Every receipt says in its details whether the model refactorised. The result equals the same
 * learner retrained on the remaining data up to floating-point rounding (well within 1e-8 relative): both
 * refine their solution to the rounding level of the same double-double sums ({@link NormalEquations}).
 *
 * <p>A classifier's {@link #probabilities} are the softmax of its least-squares scores: a monotone
 * map that ranks the classes like {@link #predict}, not calibrated probabilities.
 *
 * <p>Forgetting is not thread-safe; predictions may run concurrently with each other.
 */
public final class RidgeModel extends AbstractUnlearnableModel {

    private static final Map<String, String> DOWNDATED = Map.of("update", "rank-one downdate", "refactorised", "false");

    private final RidgeLearner.Options options;
    private final boolean classifier;
    private final int outputs;
    private final long[] classRows;
    private DesignLayout layout;
    private NormalEquations equations;
    private int[] index;
    private double[] value;
    private double[] betaBackup;

    RidgeModel(Provenance provenance, TrainingRecords records, RidgeLearner.Options options, DesignLayout layout,
               NormalEquations equations, long[] classRows) {
        super(provenance, records);
        this.options = options;
        this.classifier = records.schema().isClassification();
        this.outputs = equations.outputs();
        this.classRows = classRows;
        install(layout, equations);
    }

    private void install(DesignLayout newLayout, NormalEquations newEquations) {
        this.layout = newLayout;
        this.equations = newEquations;
        this.index = new int[newLayout.maxNonZeros()];
        this.value = new double[index.length];
        this.betaBackup = new double[newEquations.beta().length];
    }

    @Override
    public String family() {
        return RidgeFamily.NAME;
    }

    public RidgeLearner.Options options() {
        return options;
    }

    /** The raw scores of a row (the training schema's columns): one per class, or the prediction. */
    public double[] scores(double[] row) {
        double[] s = new double[outputs];
        layout.scores(row, equations.beta(), outputs, s);
        return s;
    }

    @Override
    public double predict(double[] row) {
        double[] s = scores(row);
        return classifier ? Vectors.argmax(s) : s[0];
    }

    /** The softmax of the class scores: ordered like the scores, but not calibrated probabilities. */
    @Override
    public double[] probabilities(double[] row) {
        if (!classifier) {
            return super.probabilities(row);
        }
        return Vectors.softmaxInPlace(scores(row));
    }

    /**
     * The coefficients, one block of length 1 (regression) or one per class:
     * {@code intercept}, each numeric feature by name, each categorical level as {@code feature=level}.
     */
    @Override
    public Map<String, double[]> parameters() {
        List<String> names = layout.columnNames(records.schema());
        double[] beta = equations.beta();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            double[] block = new double[outputs];
            System.arraycopy(beta, c * outputs, block, 0, outputs);
            out.put(names.get(c), block);
        }
        return out;
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        if (plan.isFeature()) {
            return forgetFeature(plan.feature());
        }
        if (plan.isRelabel()) {
            return relabel(plan.rows(), plan.newTargets());
        }
        int[] rows = plan.rows();
        if (rows.length == 1) {
            Applied applied = removeInPlace(rows[0]);
            if (applied != null) {
                return applied;
            }
        }
        return removeRows(rows);
    }

    /**
     * The fast path for one record: downdate the factor (which refuses, unchanged, if it would lose
     * accuracy), then update the sums and the residual in place and refine the solution. Returns
     * {@code null}, having changed nothing, when the slow path must handle the record (the last row
     * or the last of its class, or a refused downdate).
     */
    private Applied removeInPlace(int row) {
        int label = classifier ? records.label(row) : 0;
        if (equations.rows() <= 1 || classifier && classRows[label] <= 1) {
            return null;
        }
        Dataset data = records.data();
        int nnz = layout.encode(data, row, index, value);
        if (!equations.downdate(index, value, nnz)) {
            return null;
        }
        double target = classifier ? 1.0 : records.target(row);
        System.arraycopy(equations.beta(), 0, betaBackup, 0, betaBackup.length);
        boolean refactorised = false;
        try {
            if (!equations.removeRowAndUpdate(index, value, nnz, label, target)) {
                equations.refactor();
                equations.solve();
                refactorised = true;
            }
        } catch (ArithmeticException e) {
            // Not reached for a λ the fit accepted: the downdate succeeded, so G is positive definite.
            // Undo the sums (to within 2⁻¹⁰⁶) and restore the factor and the solution.
            equations.addRow(index, value, nnz, 1.0, label, target);
            equations.refactor();
            equations.restoreSolution(betaBackup);
            throw new ForgetException("cannot forget record " + data.recordId(row) + ": the remaining normal equations are "
                    + "not numerically positive definite (" + e.getMessage() + "); nothing was changed");
        }
        if (classifier) {
            classRows[label]--;
        }
        return refactorised ? refactorised("the downdated factor failed the accuracy check") : new Applied(
                Guarantee.EXACT, DOWNDATED);
    }

    /** Removes rows on a copy of the system, then swaps it in: all or nothing. */
    private Applied removeRows(int[] rows) {
        Dataset data = records.data();
        NormalEquations next = equations.copy();
        long[] counts = classRows.clone();
        for (int row : rows) {
            int nnz = layout.encode(data, row, index, value);
            if (classifier) {
                int label = records.label(row);
                next.addRow(index, value, nnz, -1.0, label, 1.0);
                counts[label]--;
            } else {
                next.addRow(index, value, nnz, -1.0, 0, records.target(row));
            }
        }
        String reason = null;
        if (next.rows() == 0) {
            next.clearRows();
            reason = "no rows remain";
        }
        clearEmptyClasses(next, counts);
        if (reason == null && rows.length <= Math.max(1, layout.dimension() / 3)) {
            for (int row : rows) {
                int nnz = layout.encode(data, row, index, value);
                if (!next.downdate(index, value, nnz)) {
                    reason = "a downdate would have lost accuracy";
                    break;
                }
            }
        } else if (reason == null) {
            reason = rows.length + " rows: refactorising is cheaper than " + rows.length + " downdates";
        }
        boolean residualRefactor;
        try {
            if (reason != null) {
                next.refactor();
            }
            residualRefactor = next.solve();
        } catch (ArithmeticException e) {
            throw notPositiveDefinite(e);
        }
        if (reason == null && residualRefactor) {
            reason = "refinement with the downdated factor did not converge";
        }
        System.arraycopy(counts, 0, classRows, 0, counts.length);
        equations = next;
        return reason == null ? new Applied(Guarantee.EXACT, DOWNDATED) : refactorised(reason);
    }

    /** A class with no rows left has an exactly zero column in XᵀY, as when retraining. */
    private void clearEmptyClasses(NormalEquations next, long[] counts) {
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                next.clearOutput(c);
            }
        }
    }

    /** New targets change XᵀY only: the factor stays, the system is re-solved. */
    private Applied relabel(int[] rows, double[] targets) {
        Dataset data = records.data();
        NormalEquations next = equations.copy();
        long[] counts = classRows.clone();
        for (int i = 0; i < rows.length; i++) {
            int nnz = layout.encode(data, rows[i], index, value);
            if (classifier) {
                int from = records.label(rows[i]);
                int to = (int) targets[i];
                if (from != to) {
                    next.addRhs(index, value, nnz, from, -1.0);
                    next.addRhs(index, value, nnz, to, 1.0);
                    counts[from]--;
                    counts[to]++;
                }
            } else {
                next.addRhs(index, value, nnz, 0, -records.target(rows[i]));
                next.addRhs(index, value, nnz, 0, targets[i]);
            }
        }
        clearEmptyClasses(next, counts);
        boolean refactorised;
        try {
            refactorised = next.solve();
        } catch (ArithmeticException e) {
            throw notPositiveDefinite(e);
        }
        System.arraycopy(counts, 0, classRows, 0, counts.length);
        equations = next;
        return new Applied(Guarantee.EXACT, Map.of("update", "XᵀY only, re-solved",
                "refactorised", Boolean.toString(refactorised)));
    }

    /** Deletes the feature's design columns from G and XᵀY and refactorises; no data is read. */
    private Applied forgetFeature(int feature) {
        int[] keep = layout.columnsWithout(feature);
        int removed = layout.dimension() - keep.length;
        NormalEquations next = equations.keepColumns(keep);
        DesignLayout nextLayout = layout.without(feature);
        try {
            next.refactor();
            next.solve();
        } catch (ArithmeticException e) {
            throw notPositiveDefinite(e);
        }
        install(nextLayout, next);
        return new Applied(Guarantee.EXACT, Map.of("update", "deleted " + removed + " design column"
                + (removed == 1 ? "" : "s") + " and refactorised", "refactorised", "true"));
    }

    private static Applied refactorised(String reason) {
        return new Applied(Guarantee.EXACT, Map.of("update", "refactorisation", "refactorised", "true",
                "reason", reason));
    }

    private ForgetException notPositiveDefinite(ArithmeticException e) {
        return new ForgetException("the remaining ridge normal equations are not numerically positive definite (" + e.getMessage()
                + "); λ = " + options.lambda() + " is too small for this data; nothing was changed");
    }

    /** The scratch buffer last encoded a forgotten row's values: clear it at commit. */
    @Override
    protected void scrubbed(int[] rows) {
        java.util.Arrays.fill(value, 0.0);
        java.util.Arrays.fill(index, 0);
    }

    /** The scratch buffer may hold a forgotten feature's value of the last encoded row: clear it too. */
    @Override
    protected void scrubbedFeature(int feature) {
        scrubbed(new int[0]);
    }

    /** The encoding scratch buffer (package-private, for tests). */
    double[] scratch() {
        return value;
    }

    @Override
    protected void digestParameters(StateDigest d) {
        d.add(options.lambda());
        d.add(equations.beta());
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeDouble(options.lambda());
        boolean[] active = layout.activeFlags();
        int[] flags = new int[active.length];
        for (int j = 0; j < flags.length; j++) {
            flags[j] = active[j] ? 1 : 0;
        }
        StateCodec.writeInts(out, flags);
        StateCodec.writeLongs(out, classRows);
        NormalEquationsCodec.write(out, equations);
    }

    /** Restores a model from what {@link #writeParameters} wrote after the shared part. */
    static RidgeModel read(DataInputStream in, Common common) throws IOException {
        TrainingRecords records = common.records();
        RidgeLearner.Options options;
        try {
            options = new RidgeLearner.Options(in.readDouble());
        } catch (OptionsException e) {
            throw new ModelFileException("corrupted ridge state: " + e.getMessage());
        }
        int[] flags = StateCodec.readInts(in);
        int p = records.schema().numFeatures();
        if (flags.length != p) {
            throw new ModelFileException("corrupted ridge state: " + flags.length + " feature flags for " + p + " features");
        }
        boolean[] active = new boolean[p];
        for (int j = 0; j < p; j++) {
            active[j] = flags[j] == 1;
            if (flags[j] != (active[j] ? 1 : 0) || active[j] == records.isFeatureForgotten(j)) {
                throw new ModelFileException("corrupted ridge state: feature '" + records.schema().feature(j).name()
                        + "' does not match the forget history");
            }
        }
        DesignLayout layout = DesignLayout.of(records.schema(), active);
        boolean classifier = records.schema().isClassification();
        int outputs = classifier ? records.schema().numClasses() : 1;
        long[] classRows = StateCodec.readLongs(in);
        if (classRows.length != (classifier ? outputs : 0)) {
            throw new ModelFileException("corrupted ridge state: " + classRows.length + " class counts for "
                    + (classifier ? outputs : 0) + " classes");
        }
        NormalEquations eq = NormalEquationsCodec.read(in, layout.dimension(), outputs, options.lambda());
        long total = 0;
        for (long c : classRows) {
            total += c;
        }
        if (eq.rows() != records.remainingCount() || classifier && total != eq.rows()) {
            throw new ModelFileException("corrupted ridge state: the system holds " + eq.rows() + " rows, the records "
                    + records.remainingCount());
        }
        return new RidgeModel(common.provenance(), records, options, layout, eq, classRows);
    }
}
