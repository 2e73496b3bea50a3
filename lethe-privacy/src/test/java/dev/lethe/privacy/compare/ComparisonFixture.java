package dev.lethe.privacy.compare;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small table a model can only fit by memorising: quasi-identifiers age and sex, two noise columns,
 * and a label drawn at random. A forest learns its training rows by heart, so membership shows; a
 * model that never saw a row can only guess its label.
 */
final class ComparisonFixture {

    private ComparisonFixture() {
    }

    static Dataset randomLabels(int n, long seed) {
        Random r = new Random(seed);
        Schema schema = new Schema(List.of(Attribute.numeric("age"), Attribute.categorical("sex", List.of("f", "m")),
                Attribute.numeric("x1"), Attribute.numeric("x2")), Attribute.categorical("y", List.of("no", "yes")), Task.CLASSIFICATION);
        double[] values = new double[4 * n];
        double[] targets = new double[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            values[4 * i] = 20 + r.nextInt(40);
            values[4 * i + 1] = r.nextInt(2);
            values[4 * i + 2] = r.nextGaussian();
            values[4 * i + 3] = r.nextGaussian();
            targets[i] = r.nextInt(2);
            ids[i] = i;
        }
        return Dataset.of(schema, values, targets, ids, null);
    }

    /** A forest of 20 trees, k = 2 and 5 on age and sex, DP at ε 1 and 8, three seeds, four shadows. */
    static CompareOptions options(List<String> quasi, List<Integer> ks, List<Double> epsilons) {
        return new CompareOptions("forest", Map.of("trees", "20"), "dp-logistic", Map.of(), quasi, null, null, 1, ks, epsilons,
                1e-5, 3, 4, 30, 0, 7, 2);
    }

    static CompareOptions options() {
        return options(List.of("age", "sex"), List.of(2, 5), List.of(1.0, 8.0));
    }
}
