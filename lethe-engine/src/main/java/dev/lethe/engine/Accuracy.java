package dev.lethe.engine;

import dev.lethe.data.Dataset;
import dev.lethe.model.Model;

/**
 * How well a model does on held-out data, as one number where higher is better: the fraction
 * classified correctly, or for regression the coefficient of determination R².
 */
public final class Accuracy {

    private Accuracy() {
    }

    /** The score, or NaN when {@code data} is empty. */
    public static double of(Model model, Dataset data) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        Dataset d = data.conformTo(model.schema());
        double[] row = new double[d.numFeatures()];
        if (model.schema().isClassification()) {
            int correct = 0;
            for (int i = 0; i < d.size(); i++) {
                if ((int) model.predict(d.copyRow(i, row)) == d.label(i)) {
                    correct++;
                }
            }
            return (double) correct / d.size();
        }
        double mean = 0;
        for (int i = 0; i < d.size(); i++) {
            mean += d.target(i);
        }
        mean /= d.size();
        double residual = 0;
        double total = 0;
        for (int i = 0; i < d.size(); i++) {
            double e = d.target(i) - model.predict(d.copyRow(i, row));
            residual += e * e;
            total += (d.target(i) - mean) * (d.target(i) - mean);
        }
        return total == 0 ? (residual == 0 ? 1 : 0) : 1 - residual / total;
    }
}
