package dev.lethe.audit.testing;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small two-class datasets with label noise, where a model that memorises its training rows is
 * confident on members and not on others: the setting in which membership inference must work.
 */
public final class AuditData {

    private AuditData() {
    }

    /** {@code rows} records with IDs from {@code firstId}, 4 numeric features, subjects "s&lt;id&gt;". */
    public static Dataset noisy(long seed, int rows, long firstId) {
        Random r = new Random(seed);
        int d = 4;
        List<Attribute> features = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            features.add(Attribute.numeric("x" + j));
        }
        Schema schema = new Schema(features, Attribute.categorical("y", List.of("no", "yes")), Task.CLASSIFICATION);
        double[] values = new double[rows * d];
        double[] targets = new double[rows];
        long[] ids = new long[rows];
        String[] subjects = new String[rows];
        for (int i = 0; i < rows; i++) {
            double score = 0;
            for (int j = 0; j < d; j++) {
                double v = r.nextGaussian();
                values[i * d + j] = v;
                score += (j + 1) * v;
            }
            targets[i] = score + 3 * r.nextGaussian() > 0 ? 1 : 0;
            ids[i] = firstId + i;
            subjects[i] = "s" + (firstId + i);
        }
        return Dataset.of(schema, values, targets, ids, subjects);
    }
}
