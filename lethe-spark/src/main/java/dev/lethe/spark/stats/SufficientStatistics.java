package dev.lethe.spark.stats;

import java.io.Serializable;

/**
 * Additive sufficient statistics of a model: the model is a function of them, adding a row adds
 * its term, and forgetting rows subtracts theirs (Cao and Yang, "Towards Making Systems Forget with
 * Machine Unlearning", IEEE S&amp;P 2015: learning in summation form). Merging two partitions' statistics
 * is addition, which is what Spark's {@code treeAggregate} needs.
 */
public interface SufficientStatistics<S extends SufficientStatistics<S>> extends Serializable {

    /** Adds one row: its numeric features and its label (a class name or a number as text). */
    S add(double[] x, Object label);

    /**
     * Adds a row whose first {@code d} fields are the features (as doubles) and field {@code d} the label;
     * what an aggregation calls once per row, so implementations avoid allocating.
     */
    default S addRow(org.apache.spark.sql.Row row, int d) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = row.getDouble(j);
        }
        return add(x, row.get(d));
    }

    /** Adds another partition's statistics into these. */
    S merge(S other);

    /** Subtracts statistics of rows that were added before (a forget). */
    S subtract(S other);

    /** The number of rows they hold. */
    long rows();

    /** The raw numbers, for a digest of the model state. */
    double[] numbers();
}
