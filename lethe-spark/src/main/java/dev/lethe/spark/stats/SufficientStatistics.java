package dev.lethe.spark.stats;

import dev.lethe.data.DataException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;

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

    /**
     * As {@link #addRow}, for a scan's internal row (before Spark turns it into a {@code Row} of boxed
     * values): what the lake aggregation adds, so that a pass boxes and allocates nothing per row.
     * Features are doubles.
     *
     * @param labelType the type of field {@code d}
     */
    default S addInternal(InternalRow row, int d, DataType labelType) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = feature(row, j);
        }
        return add(x, row.isNullAt(d) ? null : labelType instanceof StringType ? row.getUTF8String(d).toString()
                : row.get(d, labelType));
    }

    /** Feature {@code j} of an internal row, which reads a missing value as 0 unless asked. */
    static double feature(InternalRow row, int j) {
        if (row.isNullAt(j)) {
            throw new DataException("feature " + (j + 1) + " of a row: missing value");
        }
        return row.getDouble(j);
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
