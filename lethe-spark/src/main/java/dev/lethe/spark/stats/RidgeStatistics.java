package dev.lethe.spark.stats;

import dev.lethe.data.DataException;
import dev.lethe.math.Cholesky;
import dev.lethe.model.OptionsException;

/**
 * Ridge regression's statistics: the Gram matrix of the design vectors [1, x] and their products
 * with the target. The coefficients solve (G + λI′)β = Xᵀy with the intercept unpenalised, as
 * Lethe's local {@code ridge} family does.
 */
public final class RidgeStatistics implements SufficientStatistics<RidgeStatistics> {

    private static final long serialVersionUID = 1L;

    private final int m;
    private final double[] gram;
    private final double[] xty;
    private long rows;
    private transient double[] design;

    public RidgeStatistics(int features) {
        this.m = features + 1;
        this.gram = new double[m * m];
        this.xty = new double[m];
    }

    /** Statistics from their {@link #numbers()}, as a model file holds them. */
    public static RidgeStatistics fromNumbers(int features, double[] numbers) {
        RidgeStatistics s = new RidgeStatistics(features);
        if (numbers.length != s.gram.length + s.m + 1) {
            throw new dev.lethe.model.ModelFileException("ridge statistics: expected " + (s.gram.length + s.m + 1)
                    + " numbers, got " + numbers.length);
        }
        System.arraycopy(numbers, 0, s.gram, 0, s.gram.length);
        System.arraycopy(numbers, s.gram.length, s.xty, 0, s.m);
        s.rows = (long) numbers[numbers.length - 1];
        return s;
    }

    @Override
    public RidgeStatistics add(double[] x, Object label) {
        double y = numericLabel(label);
        double[] z = design();
        System.arraycopy(x, 0, z, 1, m - 1);
        return addDesign(z, y);
    }

    /** As {@link #add}, reading the row's fields straight into the reused design vector. */
    @Override
    public RidgeStatistics addRow(org.apache.spark.sql.Row row, int d) {
        double y = numericLabel(row.get(d));
        double[] z = design();
        for (int j = 0; j < d; j++) {
            z[j + 1] = row.getDouble(j);
        }
        return addDesign(z, y);
    }

    /** As {@link #add}, reading the internal row straight into the reused design vector. */
    @Override
    public RidgeStatistics addInternal(org.apache.spark.sql.catalyst.InternalRow row, int d,
                                       org.apache.spark.sql.types.DataType labelType) {
        if (!(labelType instanceof org.apache.spark.sql.types.DoubleType) || row.isNullAt(d)) {
            return SufficientStatistics.super.addInternal(row, d, labelType);
        }
        double[] z = design();
        for (int j = 0; j < d; j++) {
            z[j + 1] = SufficientStatistics.feature(row, j);
        }
        return addDesign(z, row.getDouble(d));
    }

    private static double numericLabel(Object label) {
        if (!(label instanceof Number y)) {
            throw new DataException("ridge on Spark: expected a numeric label, got " + label);
        }
        return y.doubleValue();
    }

    /** The design vector [1, x], allocated once per instance (each Spark partition has its own). */
    private double[] design() {
        if (design == null) {
            design = new double[m];
            design[0] = 1;
        }
        return design;
    }

    private RidgeStatistics addDesign(double[] z, double y) {
        for (int a = 0; a < m; a++) {
            double za = z[a];
            int row = a * m;
            for (int b = 0; b < m; b++) {
                gram[row + b] += za * z[b];
            }
            xty[a] += za * y;
        }
        rows++;
        return this;
    }

    @Override
    public RidgeStatistics merge(RidgeStatistics o) {
        return combine(o, 1);
    }

    @Override
    public RidgeStatistics subtract(RidgeStatistics o) {
        return combine(o, -1);
    }

    private RidgeStatistics combine(RidgeStatistics o, int sign) {
        for (int i = 0; i < gram.length; i++) {
            gram[i] += sign * o.gram[i];
        }
        for (int i = 0; i < m; i++) {
            xty[i] += sign * o.xty[i];
        }
        rows += sign * o.rows;
        return this;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public double[] numbers() {
        double[] out = new double[gram.length + m + 1];
        System.arraycopy(gram, 0, out, 0, gram.length);
        System.arraycopy(xty, 0, out, gram.length, m);
        out[out.length - 1] = rows;
        return out;
    }

    /** Intercept first, then one coefficient per feature. */
    public double[] coefficients(double lambda) {
        double[] a = gram.clone();
        for (int c = 1; c < m; c++) {
            a[c * m + c] += lambda;
        }
        try {
            return Cholesky.factor(a, m).solve(xty);
        } catch (ArithmeticException e) {
            throw new OptionsException("ridge setting lambda=" + lambda + " is too small for this data: " + e.getMessage());
        }
    }
}
