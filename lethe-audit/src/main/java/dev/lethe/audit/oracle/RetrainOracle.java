package dev.lethe.audit.oracle;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetHistory;
import dev.lethe.model.Model;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Provenance;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The retrain oracle: the standard against which every forget is judged (DESIGN, "How we judge a
 * forget"). It refits the model's learner on the training data minus everything the model forgot
 * (its {@link ForgetHistory}) and minus any further records the caller says should be gone, then
 * compares the two models. {@link RetrainCheck} does the row-by-row comparison; this class adds
 * utility per group and parameter distance, and keeps the retrained model for the attacks.
 */
public final class RetrainOracle {

    private RetrainOracle() {
    }

    /**
     * @param trainingData   exactly the data the model was trained on (checked by fingerprint)
     * @param heldOut        records the model never saw
     * @param alsoForgotten  record IDs that should be forgotten besides the model's history (may be empty);
     *                       each must be in the training data
     * @throws DataException for other training data than the model's, or an unknown record ID
     */
    public static OracleResult run(ModelFamily family, UnlearnableModel model, Dataset trainingData, Dataset heldOut,
                                   Set<Long> alsoForgotten) {
        Provenance p = model.provenance();
        String fingerprint = trainingData.fingerprint();
        if (!fingerprint.equals(p.dataFingerprint())) {
            throw new DataException("the training data is not what the model was trained on (fingerprint "
                    + fingerprint.substring(0, 12) + "…, the model's is " + p.dataFingerprint().substring(0, 12) + "…)");
        }
        Set<Long> forgotten = forgottenRecords(model.history(), trainingData, alsoForgotten);
        Dataset remaining = model.history().applyTo(trainingData).withoutRecords(alsoForgotten::contains);
        long start = System.nanoTime();
        UnlearnableModel retrained = family.learner(p.settings(), p.seed()).fit(remaining);
        long millis = (System.nanoTime() - start) / 1_000_000;
        ExactnessReport exactness = RetrainCheck.compare(model, retrained, trainingData, family.exactnessTolerance(), millis);
        Dataset retainedRows = trainingData.withoutRecords(forgotten::contains);
        Dataset forgottenRows = trainingData.withoutRecords(id -> !forgotten.contains(id));
        Utility u = utility(model, retainedRows, forgottenRows, heldOut);
        Utility r = utility(retrained, retainedRows, forgottenRows, heldOut);
        double agreement = agreement(model, retrained, heldOut, family.exactnessTolerance());
        return new OracleResult(retrained, forgotten, exactness, u, r, agreement,
                parameterDistance(model.parameters(), retrained.parameters()), millis);
    }

    /** The model's history plus {@code extra}, checking every extra ID is a training record. */
    public static Set<Long> forgottenRecords(ForgetHistory history, Dataset trainingData, Set<Long> extra) {
        Set<Long> all = new HashSet<>(history.records());
        if (!extra.isEmpty()) {
            Set<Long> known = new HashSet<>();
            for (long id : trainingData.recordIds()) {
                known.add(id);
            }
            for (long id : extra) {
                if (!known.contains(id)) {
                    throw new DataException("forgotten record " + id + " is not in the training data ("
                            + trainingData.size() + " records)");
                }
            }
            all.addAll(extra);
        }
        return all;
    }

    /** Utility of a model on retained, forgotten and held-out rows. */
    public static Utility utility(Model model, Dataset retained, Dataset forgotten, Dataset heldOut) {
        boolean classifier = model.schema().isClassification();
        return new Utility(classifier ? Utility.ACCURACY : Utility.RMSE, score(model, retained), score(model, forgotten),
                score(model, heldOut));
    }

    /** Accuracy (classifier) or RMSE (regressor) of a model on data; NaN when the data is empty. */
    public static double score(Model model, Dataset data) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        Dataset rows = data.conformTo(model.schema());
        double[] row = new double[rows.numFeatures()];
        boolean classifier = model.schema().isClassification();
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            double y = model.predict(rows.copyRow(i, row));
            if (classifier) {
                sum += y == rows.label(i) ? 1 : 0;
            } else {
                sum += (y - rows.target(i)) * (y - rows.target(i));
            }
        }
        return classifier ? sum / rows.size() : Math.sqrt(sum / rows.size());
    }

    /** Fraction of rows where both models predict the same (regression: within {@code tolerance} relative). */
    public static double agreement(Model a, Model b, Dataset data, double tolerance) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        Dataset ra = data.conformTo(a.schema());
        Dataset rb = data.conformTo(b.schema());
        double[] x = new double[ra.numFeatures()];
        double[] y = new double[rb.numFeatures()];
        boolean classifier = a.schema().isClassification();
        int same = 0;
        for (int i = 0; i < data.size(); i++) {
            double pa = a.predict(ra.copyRow(i, x));
            double pb = b.predict(rb.copyRow(i, y));
            if (classifier ? pa == pb : Math.abs(pa - pb) <= tolerance * Math.max(1, Math.abs(pb))) {
                same++;
            }
        }
        return (double) same / data.size();
    }

    /** Euclidean distance over named parameter blocks; NaN when there are none or the blocks differ. */
    public static double parameterDistance(Map<String, double[]> a, Map<String, double[]> b) {
        if (a.isEmpty() || !a.keySet().equals(b.keySet())) {
            return Double.NaN;
        }
        double sum = 0;
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            double[] x = e.getValue();
            double[] y = b.get(e.getKey());
            if (x.length != y.length) {
                return Double.NaN;
            }
            for (int i = 0; i < x.length; i++) {
                sum += (x[i] - y[i]) * (x[i] - y[i]);
            }
        }
        return Math.sqrt(sum);
    }
}
