package dev.lethe.models.bayes;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A naive Bayes classifier that forgets exactly, by keeping per-class sufficient statistics
 * ({@link NaiveBayesStatistics}) and predicting from parameters derived from them
 * ({@link NaiveBayesScorer}). Every request is {@link dev.lethe.model.Guarantee#EXACT}:
 * <ul>
 *   <li>records or a subject: subtract each record's terms from its class, O(features) per record;</li>
 *   <li>a feature: drop its likelihood term and erase its statistics, independent of the data size;</li>
 *   <li>a class: erase the class's statistics; the class stays in the schema with prior 0;</li>
 *   <li>a relabel: move each record's terms from its current class to the new one.</li>
 * </ul>
 * A request that would remove every remaining record is refused, as in every family
 * ({@link dev.lethe.model.AbstractUnlearnableModel}): there is no model of no data to be equal to.
 *
 * <p>Class priors are the unsmoothed frequencies n_k / n. That is the choice that keeps forgetting
 * exact when a class loses its last record: its prior becomes exactly 0, as it is for a model
 * retrained on data without that class. (An additively smoothed prior could agree too, since both
 * models take the class list from the schema, but it would leave a forgotten class probability
 * mass that no remaining record supports: the class would not really be forgotten.) Categorical
 * likelihoods are smoothed over the schema's level dictionary, so unused levels behave identically
 * in both models.
 *
 * <p>Exact forgetting by subtracting the terms of a model that is a sum over its training records
 * is the "summation form" of Cao and Yang, "Towards Making Systems Forget with Machine Unlearning"
 * (IEEE S&amp;P 2015).
 *
 * <p>Forgetting does not allocate per record and touches no derived parameter; these are rebuilt
 * lazily, in O(classes × features), by the first prediction after a change. The state digest covers
 * only the statistics, O(classes × (numeric features + levels)) values. Not safe for concurrent
 * forgets; predictions may run concurrently with each other.
 */
public final class NaiveBayesModel extends AbstractUnlearnableModel {

    /** The family name, as on the command line. */
    public static final String FAMILY = "nb";

    private final NaiveBayesLearner.Options options;
    private final NaiveBayesStatistics statistics;
    /** Whether some row's current label may differ from its label in the data (a relabel happened). */
    private boolean relabelled;
    private volatile NaiveBayesScorer scorer;

    NaiveBayesModel(Provenance provenance, TrainingRecords records, NaiveBayesLearner.Options options,
                    NaiveBayesStatistics statistics, boolean relabelled) {
        super(provenance, records);
        this.options = options;
        this.statistics = statistics;
        this.relabelled = relabelled;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    public NaiveBayesLearner.Options options() {
        return options;
    }

    private NaiveBayesScorer scorer() {
        NaiveBayesScorer s = scorer;
        if (s == null) {
            s = NaiveBayesScorer.of(schema(), statistics, options);
            scorer = s;
        }
        return s;
    }

    /** The most probable class index; the lowest index wins ties. */
    @Override
    public double predict(double[] row) {
        return Vectors.argmax(scorer().logScores(row));
    }

    @Override
    public double[] probabilities(double[] row) {
        return Vectors.softmaxInPlace(scorer().logScores(row));
    }

    /**
     * {@code prior} (per class), {@code mean/<feature>} and {@code var/<feature>} (per class, the
     * smoothed variance used) for numeric features, {@code levels/<feature>} (class-major, one
     * probability per level) for categorical ones; forgotten features are absent.
     */
    @Override
    public Map<String, double[]> parameters() {
        return scorer().parameters();
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        Dataset data = records.data();
        int[] rows = plan.rows();
        if (plan.isFeature()) {
            statistics.forgetFeature(plan.feature());
        } else if (plan.request() instanceof ForgetRequest.ClassLabel c) {
            statistics.clearClass(schema().target().levelIndex(c.label()));
        } else if (plan.isRelabel()) {
            double[] targets = plan.newTargets();
            for (int i = 0; i < rows.length; i++) {
                int from = records.label(rows[i]);
                int to = (int) targets[i];
                if (from != to) {
                    statistics.remove(data, rows[i], from);
                    statistics.add(data, rows[i], to);
                    relabelled = true;
                }
            }
        } else {
            for (int row : rows) {
                statistics.remove(data, row, relabelled ? records.label(row) : data.label(row));
            }
        }
        scorer = null;
        return Applied.exact();
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        statistics.digest(digest);
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        statistics.write(out);
    }

    /** Restores a model written by {@link #writeState} (state version 1). */
    static NaiveBayesModel read(DataInputStream in) throws IOException {
        Common common = Common.read(in);
        TrainingRecords records = common.records();
        Schema schema = records.schema();
        NaiveBayesLearner.Options options;
        try {
            options = NaiveBayesLearner.Options.from(new Settings(FAMILY, common.provenance().settings()));
        } catch (RuntimeException e) {
            throw new ModelFileException("corrupted naive Bayes settings: " + e.getMessage(), e);
        }
        if (!schema.isClassification()) {
            throw new ModelFileException("corrupted naive Bayes state: the schema is not a classification task");
        }
        boolean[] forgotten = new boolean[schema.numFeatures()];
        for (int j = 0; j < forgotten.length; j++) {
            forgotten[j] = records.isFeatureForgotten(j);
        }
        NaiveBayesStatistics statistics = NaiveBayesStatistics.read(in, schema, forgotten);
        long[] perClass = new long[schema.numClasses()];
        for (int row : records.remainingRows()) {
            perClass[records.label(row)]++;
        }
        for (int k = 0; k < perClass.length; k++) {
            if (perClass[k] != statistics.classCount(k)) {
                throw new ModelFileException("corrupted naive Bayes state: class '"
                        + schema.classes().get(k) + "' counts " + statistics.classCount(k) + " records, the training records "
                        + perClass[k]);
            }
        }
        boolean relabelled = !records.history().relabels().isEmpty();
        return new NaiveBayesModel(common.provenance(), records, options, statistics, relabelled);
    }
}
