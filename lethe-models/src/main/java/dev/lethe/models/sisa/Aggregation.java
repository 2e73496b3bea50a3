package dev.lethe.models.sisa;

import dev.lethe.math.Vectors;
import dev.lethe.model.Model;
import java.util.Arrays;
import java.util.Locale;

/**
 * How SISA combines its constituents (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021, §IV-D):
 * {@link #VOTE} (majority of predicted labels; for regression the median prediction), {@link #MEAN}
 * (mean class probability or mean prediction) and {@link #WEIGHTED} (the mean weighted by each
 * shard's current number of records). Shards without records have no model and do not take part.
 */
public enum Aggregation {
    VOTE, MEAN, WEIGHTED;

    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Aggregation of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Class probabilities: {@code rows[k]} is the row in model {@code k}'s columns; null models are skipped. */
    double[] probabilities(Model[] models, double[][] rows, int[] sizes, int classes) {
        double[] out = new double[classes];
        double total = 0;
        for (int k = 0; k < models.length; k++) {
            if (models[k] == null) {
                continue;
            }
            if (this == VOTE) {
                out[(int) models[k].predict(rows[k])] += 1;
                total += 1;
            } else {
                double w = this == WEIGHTED ? sizes[k] : 1;
                Vectors.axpy(w, models[k].probabilities(rows[k]), out);
                total += w;
            }
        }
        if (total == 0) {
            Arrays.fill(out, 1.0 / classes);
            return out;
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= total;
        }
        return out;
    }

    /** A regression prediction. */
    double predict(Model[] models, double[][] rows, int[] sizes) {
        double[] values = new double[models.length];
        int m = 0;
        double sum = 0;
        double total = 0;
        for (int k = 0; k < models.length; k++) {
            if (models[k] == null) {
                continue;
            }
            double y = models[k].predict(rows[k]);
            values[m++] = y;
            double w = this == WEIGHTED ? sizes[k] : 1;
            sum += w * y;
            total += w;
        }
        if (m == 0) {
            return 0;
        }
        if (this == VOTE) {
            double[] v = Arrays.copyOf(values, m);
            Arrays.sort(v);
            return m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
        }
        return sum / total;
    }
}
