package dev.lethe.audit.attack;

import dev.lethe.data.Dataset;
import dev.lethe.model.Model;

/**
 * What an attacker sees of a model on each row of a dataset, reduced to a few numbers per row.
 *
 * <p>The main statistic {@code phi} is the one Carlini et al. (2022) recommend: the logit of the
 * probability of the true class, log(p / (1 − p)), which makes the per-example distributions over
 * shadow models close to Gaussian. For a regressor it is the negative squared error. Higher means
 * "fits this row better", i.e. more member-like.
 *
 * @param phi      logit-scaled confidence in the true label (regression: −(y − ŷ)²)
 * @param trueProb probability of the true class (regression: NaN)
 * @param maxProb  largest class probability (regression: NaN)
 * @param entropy  entropy of the class probabilities in nats (regression: NaN)
 * @param correct  whether the prediction is right (regression: within 10% of max(1, |y|))
 */
public record ModelOutputs(double[] phi, double[] trueProb, double[] maxProb, double[] entropy, boolean[] correct) {

    /** Probabilities are clamped into [CLAMP, 1 − CLAMP] so the logit stays finite. */
    public static final double CLAMP = 1e-12;

    public int size() {
        return phi.length;
    }

    /** Scores every row of {@code data} (conformed to the model's features) with the model. */
    public static ModelOutputs of(Model model, Dataset data) {
        Dataset rows = data.conformTo(model.schema());
        int n = rows.size();
        double[] phi = new double[n];
        double[] trueProb = new double[n];
        double[] maxProb = new double[n];
        double[] entropy = new double[n];
        boolean[] correct = new boolean[n];
        double[] row = new double[rows.numFeatures()];
        boolean classifier = model.schema().isClassification();
        for (int i = 0; i < n; i++) {
            rows.copyRow(i, row);
            if (classifier) {
                double[] p = model.probabilities(row);
                int y = rows.label(i);
                double py = clamp(p[y]);
                phi[i] = Math.log(py) - Math.log1p(-py);
                trueProb[i] = p[y];
                double max = 0;
                int arg = 0;
                double h = 0;
                for (int k = 0; k < p.length; k++) {
                    if (p[k] > max) {
                        max = p[k];
                        arg = k;
                    }
                    if (p[k] > 0) {
                        h -= p[k] * Math.log(p[k]);
                    }
                }
                maxProb[i] = max;
                entropy[i] = h;
                correct[i] = arg == y;
            } else {
                double y = rows.target(i);
                double e = model.predict(row) - y;
                phi[i] = -e * e;
                trueProb[i] = Double.NaN;
                maxProb[i] = Double.NaN;
                entropy[i] = Double.NaN;
                correct[i] = Math.abs(e) <= 0.1 * Math.max(1, Math.abs(y));
            }
            if (!Double.isFinite(phi[i])) {
                throw new IllegalStateException(model.family() + " model gave a non-finite output on row " + i
                        + " (record " + rows.recordId(i) + ")");
            }
        }
        return new ModelOutputs(phi, trueProb, maxProb, entropy, correct);
    }

    private static double clamp(double p) {
        return Math.min(1 - CLAMP, Math.max(CLAMP, p));
    }

    /** The statistic at the given rows. */
    public double[] phiAt(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = phi[rows[i]];
        }
        return out;
    }
}
