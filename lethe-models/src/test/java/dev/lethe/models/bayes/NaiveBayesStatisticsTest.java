package dev.lethe.models.bayes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.RetrainCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaiveBayesStatisticsTest {

    /**
     * 250,000 rows whose numeric features have means far larger than their spread (the case where
     * Σx² − (Σx)²/n cancels catastrophically), three classes and a categorical feature.
     */
    private static Dataset hardData(long seed, int rows) {
        Schema schema = new Schema(List.of(Attribute.numeric("big"), Attribute.numeric("small"), Attribute.numeric("huge"),
                Attribute.categorical("colour", List.of("red", "green", "blue", "grey"))),
                Attribute.categorical("y", List.of("a", "b", "c")), Task.CLASSIFICATION);
        Random r = new Random(seed);
        double[] values = new double[rows * 4];
        double[] targets = new double[rows];
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            int k = r.nextInt(3);
            targets[i] = k;
            ids[i] = i;
            values[i * 4] = 1e6 + k + r.nextGaussian();
            values[i * 4 + 1] = 1e-3 * (r.nextGaussian() + k) + 0.1;
            values[i * 4 + 2] = 1e9 + 1e2 * (r.nextGaussian() - k);
            values[i * 4 + 3] = (k + r.nextInt(3)) % 3;
        }
        return Dataset.of(schema, values, targets, ids, null);
    }

    @Test
    void hundredThousandSingleRemovalsLeaveNoDrift() {
        int rows = 250_000;
        Dataset data = hardData(17, rows);
        NaiveBayesLearner learner = new NaiveBayesLearner();
        NaiveBayesModel model = learner.fit(data);
        long[] order = new Random(3).longs(0, rows).distinct().limit(100_000).toArray();
        for (long id : order) {
            model.forget(ForgetRequest.Records.of(id));
        }
        Dataset remaining = model.history().applyTo(data);
        NaiveBayesModel fresh = learner.fit(remaining);

        double difference = RetrainCheck.parameterDifference(model.parameters(), fresh.parameters());
        assertThat(difference).as("largest relative parameter difference after 100k removals").isLessThan(1e-14);

        // the same downdates in plain double arithmetic would have drifted visibly on this data
        assertThat(naiveVarianceError(data, order, remaining)).as("relative error of a plain-double downdated variance")
                .isGreaterThan(1e-6);
    }

    /**
     * The relative error of class "a"'s variance of "big" kept as plain double sums of x and x²,
     * downdated like the model's, against a two-pass computation on the remaining rows.
     */
    private static double naiveVarianceError(Dataset data, long[] removed, Dataset remaining) {
        double s1 = 0;
        double s2 = 0;
        long n = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) == 0) {
                double x = data.value(i, 0);
                s1 += x;
                s2 += x * x;
                n++;
            }
        }
        for (long id : removed) {
            int i = (int) id;
            if (data.label(i) == 0) {
                double x = data.value(i, 0);
                s1 -= x;
                s2 -= x * x;
                n--;
            }
        }
        double naive = (s2 - s1 * s1 / n) / n;
        double mean = 0;
        int m = 0;
        for (int i = 0; i < remaining.size(); i++) {
            if (remaining.label(i) == 0) {
                mean += remaining.value(i, 0);
                m++;
            }
        }
        mean /= m;
        double squares = 0;
        for (int i = 0; i < remaining.size(); i++) {
            if (remaining.label(i) == 0) {
                double dx = remaining.value(i, 0) - mean;
                squares += dx * dx;
            }
        }
        double expected = squares / m;
        return Math.abs(naive - expected) / expected;
    }
}
