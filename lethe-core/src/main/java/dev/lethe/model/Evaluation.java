package dev.lethe.model;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import java.util.List;

/**
 * Held-out quality of a model on labelled data: accuracy and macro-F1 for classifiers, RMSE and R²
 * for regressors. Classes are matched by name, so data whose class dictionary differs from the
 * model's is still scored correctly.
 */
public record Evaluation(int rows, double accuracy, double macroF1, double rmse, double r2, boolean classification) {

    public static Evaluation of(Model model, Dataset data) {
        if (data.size() == 0) {
            throw new DataException("cannot evaluate on an empty dataset");
        }
        Dataset conformed = data.conformTo(model.schema());
        double[] row = new double[conformed.numFeatures()];
        if (model.schema().isClassification()) {
            List<String> modelClasses = model.schema().classes();
            List<String> dataClasses = data.schema().classes();
            int k = modelClasses.size();
            long[] tp = new long[k];
            long[] fp = new long[k];
            long[] fn = new long[k];
            long correct = 0;
            for (int i = 0; i < conformed.size(); i++) {
                int predicted = (int) model.predict(conformed.copyRow(i, row));
                int actual = modelClasses.indexOf(dataClasses.get(conformed.label(i)));
                if (predicted == actual) {
                    correct++;
                    tp[predicted]++;
                } else {
                    fp[predicted]++;
                    if (actual >= 0) {
                        fn[actual]++;
                    }
                }
            }
            double f1Sum = 0;
            int present = 0;
            for (int c = 0; c < k; c++) {
                if (tp[c] + fp[c] + fn[c] == 0) {
                    continue;
                }
                present++;
                f1Sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
            }
            return new Evaluation(conformed.size(), (double) correct / conformed.size(), present == 0 ? 0 : f1Sum / present,
                    Double.NaN, Double.NaN, true);
        }
        double sse = 0;
        double mean = 0;
        for (int i = 0; i < conformed.size(); i++) {
            mean += conformed.target(i);
        }
        mean /= conformed.size();
        double sst = 0;
        for (int i = 0; i < conformed.size(); i++) {
            double y = conformed.target(i);
            double e = model.predict(conformed.copyRow(i, row)) - y;
            sse += e * e;
            sst += (y - mean) * (y - mean);
        }
        return new Evaluation(conformed.size(), Double.NaN, Double.NaN, Math.sqrt(sse / conformed.size()),
                sst == 0 ? Double.NaN : 1 - sse / sst, false);
    }

    /**
     * The fraction of rows whose predicted class index is the row's label index, for data in the model's
     * own training schema. Unlike {@link #of}, which matches classes by name and so never credits a class
     * the model has forgotten (its level is tombstoned), this measures what the weights still know of a
     * forgotten class (approximate unlearning, judged against retrained models).
     */
    public static double accuracyByIndex(Model model, Dataset data) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        double[] row = new double[data.numFeatures()];
        int right = 0;
        for (int i = 0; i < data.size(); i++) {
            if ((int) model.predict(data.copyRow(i, row)) == data.label(i)) {
                right++;
            }
        }
        return (double) right / data.size();
    }

    /**
     * The fraction of rows on which two models predict the same (classifiers: the same class; each
     * model reads the rows in its own schema), e.g. an unlearned model against its retrained twin.
     */
    public static double agreement(Model a, Model b, Dataset data) {
        if (data.size() == 0) {
            throw new DataException("cannot compare models on an empty dataset");
        }
        Dataset forA = data.conformTo(a.schema());
        Dataset forB = data.conformTo(b.schema());
        double[] rowA = new double[forA.numFeatures()];
        double[] rowB = new double[forB.numFeatures()];
        int same = 0;
        for (int i = 0; i < data.size(); i++) {
            if (a.predict(forA.copyRow(i, rowA)) == b.predict(forB.copyRow(i, rowB))) {
                same++;
            }
        }
        return (double) same / data.size();
    }

    /** The headline figure: accuracy for classifiers, R² for regressors. */
    public double headline() {
        return classification ? accuracy : r2;
    }
}
