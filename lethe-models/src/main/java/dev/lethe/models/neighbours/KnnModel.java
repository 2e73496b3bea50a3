package dev.lethe.models.neighbours;

import dev.lethe.data.DataException;
import dev.lethe.data.Schema;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * An exact k-nearest-neighbour classifier or regressor that forgets in microseconds.
 *
 * <p><b>Distance.</b> Squared Euclidean distance over numeric features plus a 0/1 mismatch per
 * categorical feature, over the features not forgotten. No data-dependent scaling: a standardiser
 * fitted on the training set would change with every forgotten record (see {@link MixedDistance}).
 *
 * <p><b>Neighbours.</b> The k live records with the smallest (distance, record ID): ties are broken by
 * record ID, so the neighbour set depends only on which records are live, never on the index.
 * Classification: class probabilities are the (weighted) vote fractions and the prediction is the
 * most probable class, the lowest class index winning ties; regression: the (weighted) mean target.
 * See {@link KnnLearner.Weighting}.
 *
 * <p><b>Forgetting</b> (every request {@link dev.lethe.model.Guarantee#EXACT}): records, a subject or
 * a class are marked dead in the k-d tree ({@link KdTree}, O(depth) each); the tree is rebuilt from
 * the live records once more than half of its rows are dead. A forgotten feature is dropped from
 * the distance (the tree is rebuilt without it); a relabel changes the stored target. Since k-NN is
 * a lazy learner, the result equals the model retrained on what remains, bit for bit. A request
 * that would remove every remaining record is refused, as in every family.
 *
 * <p>{@link #parameters()} is empty: the model's state is its live records, compared with a
 * retrained model through predictions, and covered by the state digest (live set, relabels and
 * forgotten features via {@link TrainingRecords#digest}, plus k and the weighting). A model file
 * stores the records and options; the tree is rebuilt on load.
 *
 * <p><b>Costs.</b> Fit O(n log n); forgetting a record O(tree depth) plus the shared bookkeeping;
 * a query visits only subtrees that can still hold a nearer (or equally near, smaller-ID) live
 * record. Predictions may run concurrently with each other, not with a forget.
 */
public final class KnnModel extends AbstractUnlearnableModel {

    public static final String FAMILY = "knn";

    private final KnnLearner.Options options;
    private final double[] targets;
    private KdTree index;

    KnnModel(Provenance provenance, TrainingRecords records, KnnLearner.Options options) {
        super(provenance, records);
        this.options = options;
        Schema schema = records.schema();
        boolean[] forgotten = new boolean[schema.numFeatures()];
        for (int j = 0; j < forgotten.length; j++) {
            forgotten[j] = records.isFeatureForgotten(j);
        }
        this.targets = new double[records.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = records.target(i);
        }
        this.index = KdTree.build(new MixedDistance(schema, forgotten), records.data(), records.remainingRows());
    }

    @Override
    public String family() {
        return FAMILY;
    }

    public KnnLearner.Options options() {
        return options;
    }

    @Override
    public double predict(double[] row) {
        if (schema().isClassification()) {
            return Vectors.argmax(probabilities(row));
        }
        Neighbours nb = neighbours(row);
        double[] w = weights(nb);
        double sum = 0;
        double total = 0;
        for (int i = 0; i < nb.size(); i++) {
            sum += w[i] * targets[nb.rows()[i]];
            total += w[i];
        }
        return sum / total;
    }

    @Override
    public double[] probabilities(double[] row) {
        if (!schema().isClassification()) {
            return super.probabilities(row);
        }
        Neighbours nb = neighbours(row);
        double[] w = weights(nb);
        double[] p = new double[schema().numClasses()];
        double total = 0;
        for (int i = 0; i < nb.size(); i++) {
            p[(int) targets[nb.rows()[i]]] += w[i];
            total += w[i];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= total;
        }
        return p;
    }

    /** The record IDs of the neighbours of {@code row} (a row in the training schema), nearest first. */
    public long[] neighbourIds(double[] row) {
        Neighbours nb = neighbours(row);
        long[] ids = new long[nb.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = records.data().recordId(nb.rows()[i]);
        }
        return ids;
    }

    Neighbours neighbours(double[] row) {
        int width = schema().numFeatures();
        if (row.length != width) {
            throw new DataException("expected a row of " + width + " feature values (the model's training schema), got " + row.length);
        }
        MixedDistance distance = index.distance();
        for (int a = 0; a < distance.activeCount(); a++) {
            int j = distance.activeFeature(a);
            if (!Double.isFinite(row[j])) {
                throw new DataException("feature '" + schema().feature(j).name() + "': expected a finite number, got " + row[j]);
            }
        }
        return index.nearest(row, options.k());
    }

    /** The index (package-private, for tests). */
    KdTree index() {
        return index;
    }

    private double[] weights(Neighbours nb) {
        double[] w = new double[nb.size()];
        double[] d = nb.squaredDistances();
        if (options.weighting() == KnnLearner.Weighting.UNIFORM) {
            Arrays.fill(w, 1.0);
        } else if (d.length > 0 && d[0] == 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] = d[i] == 0 ? 1.0 : 0.0;
            }
        } else {
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = 1.0 / Math.sqrt(d[i]);
                total += w[i];
            }
            if (total == 0) {
                Arrays.fill(w, 1.0); // every neighbour infinitely far (overflow): count them equally
            }
        }
        return w;
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        if (plan.removesRows()) {
            for (int row : plan.rows()) {
                index.remove(row);
            }
            if (index.deadCount() > index.size() / 2) {
                // compacts the tree; the neighbour sets do not depend on its shape
                index = KdTree.build(index.distance(), records.data(), index.liveRows());
            }
            return Applied.exact();
        }
        if (plan.isFeature()) {
            MixedDistance narrower = index.distance().without(schema(), plan.feature());
            index = KdTree.build(narrower, records.data(), index.liveRows());
            return Applied.exact();
        }
        if (plan.isRelabel()) {
            for (int i = 0; i < plan.rows().length; i++) {
                targets[plan.rows()[i]] = plan.newTargets()[i];
            }
            return Applied.exact();
        }
        throw new ForgetException("the k-NN model cannot apply " + plan.describe());
    }

    /** Forgotten rows leave the tree's copy of their values and the stored targets at commit. */
    @Override
    protected void scrubbed(int[] rows) {
        index.erase(rows);
        for (int row : rows) {
            targets[row] = 0.0;
        }
    }

    /** The stored target of a row (package-private, for tests). */
    double storedTarget(int row) {
        return targets[row];
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        digest.add("k").add(options.k()).add("weighting").add(options.weighting().settingName());
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(options.k());
        out.writeUTF(options.weighting().settingName());
    }
}
