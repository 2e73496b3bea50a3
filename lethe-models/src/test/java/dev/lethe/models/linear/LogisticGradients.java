package dev.lethe.models.linear;

import dev.lethe.data.Dataset;

/**
 * An independent computation of the remaining-data objective's gradient for binary models over
 * numeric features, written from the formula rather than through the model's objective code:
 * ∇J(w) = Σᵢ (P(class 1 | xᵢ) − yᵢ)·(1, xᵢ) + λn·w + b on the sum scale.
 */
final class LogisticGradients {

    private LogisticGradients() {
    }

    /** @param data the training data in the model's schema (all columns); rows forgotten by the model are skipped */
    static double[] gradient(LogisticModel model, Dataset data) {
        Dataset remaining = model.history().applyTo(data).conformTo(data.schema().without(model.history().features()));
        Dataset full = data.withoutRecords(model.history().records()::contains);
        if (!model.history().relabels().isEmpty()) {
            full = full.withTargets(model.history().relabels());
        }
        double[] w = model.weights();
        double[] g = model.perturbation();
        int d = data.numFeatures();
        double[] row = new double[d];
        for (int i = 0; i < full.size(); i++) {
            full.copyRow(i, row);
            double r = model.probabilities(row)[1] - full.label(i);
            g[0] += r;
            for (int j = 0; j < d; j++) {
                if (!model.history().features().contains(data.schema().feature(j).name())) {
                    g[j + 1] += r * row[j];
                }
            }
        }
        double scale = model.options().lambda() * remaining.size();
        for (int j = 0; j < w.length; j++) {
            g[j] += scale * w[j];
        }
        return g;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
