package dev.lethe.model;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import java.util.Map;

/**
 * The retrain oracle for deterministic families: fit the same learner (settings and seed from the
 * provenance) on the training data minus everything the model forgot, and compare predictions,
 * probabilities and parameters.
 */
public final class RetrainCheck {

    private RetrainCheck() {
    }

    public static ExactnessReport compare(ModelFamily family, UnlearnableModel model, Dataset trainingData) {
        Provenance p = model.provenance();
        String fingerprint = trainingData.fingerprint();
        if (!fingerprint.equals(p.dataFingerprint())) {
            throw new DataException("the data is not what the model was trained on (fingerprint " + fingerprint.substring(0, 12)
                    + "…, the model's is " + p.dataFingerprint().substring(0, 12) + "…)");
        }
        Dataset remaining = model.history().applyTo(trainingData);
        long start = System.nanoTime();
        UnlearnableModel retrained = family.learner(p.settings(), p.seed()).fit(remaining);
        long retrainMillis = (System.nanoTime() - start) / 1_000_000;
        return compare(model, retrained, trainingData, family.exactnessTolerance(), retrainMillis);
    }

    /** Compares two models on every row of {@code data}, each fed the columns of its own schema. */
    public static ExactnessReport compare(Model model, Model retrained, Dataset data, double tolerance, long retrainMillis) {
        Dataset a = data.conformTo(model.schema());
        Dataset b = data.conformTo(retrained.schema());
        boolean classifier = model.schema().isClassification();
        double maxOutput = 0;
        long disagreements = 0;
        double[] rowA = new double[a.numFeatures()];
        double[] rowB = new double[b.numFeatures()];
        for (int i = 0; i < data.size(); i++) {
            a.copyRow(i, rowA);
            b.copyRow(i, rowB);
            if (classifier) {
                double[] pa = model.probabilities(rowA);
                double[] pb = retrained.probabilities(rowB);
                for (int k = 0; k < pa.length; k++) {
                    maxOutput = Math.max(maxOutput, Math.abs(pa[k] - pb[k]));
                }
                if (model.predict(rowA) != retrained.predict(rowB)) {
                    disagreements++;
                }
            } else {
                double ya = model.predict(rowA);
                double yb = retrained.predict(rowB);
                double diff = Math.abs(ya - yb) / Math.max(1, Math.abs(yb));
                maxOutput = Math.max(maxOutput, diff);
                if (diff > tolerance) {
                    disagreements++;
                }
            }
        }
        double maxParameter = parameterDifference(model.parameters(), retrained.parameters());
        boolean passed = maxOutput <= tolerance && maxParameter <= tolerance;
        String note = (classifier ? "class probabilities" : "predictions") + " on " + data.size() + " rows"
                + (model.parameters().isEmpty() ? "" : " and " + model.parameters().size() + " parameter blocks");
        return new ExactnessReport(data.size(), maxOutput, disagreements, maxParameter, tolerance, passed, retrainMillis, note);
    }

    /** Largest relative difference over named parameter blocks; infinite when the blocks do not match. */
    public static double parameterDifference(Map<String, double[]> mine, Map<String, double[]> theirs) {
        if (!mine.keySet().equals(theirs.keySet())) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (Map.Entry<String, double[]> e : mine.entrySet()) {
            double[] x = e.getValue();
            double[] y = theirs.get(e.getKey());
            if (x.length != y.length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int i = 0; i < x.length; i++) {
                if (x[i] == y[i]) {
                    continue;
                }
                double diff = Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i]));
                max = Math.max(max, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
            }
        }
        return max;
    }
}
