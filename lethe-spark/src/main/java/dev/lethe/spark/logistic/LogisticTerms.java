package dev.lethe.spark.logistic;

import dev.lethe.math.LogisticObjective;
import dev.lethe.math.SymmetricMatrix;
import dev.lethe.data.DataException;
import dev.lethe.spark.stats.SufficientStatistics;
import java.util.Objects;

/**
 * The binary logistic loss's terms at one fixed weight vector w, summed over rows: the loss
 * Σ ℓᵢ(w), its gradient Σ (σ(wᵀzᵢ) − yᵢ)·zᵢ and its Hessian Σ σ(1 − σ)·zᵢzᵢᵀ, for the design
 * vector z = [1, x] (the local {@link LogisticObjective} on the sum scale, without its λn·I and
 * perturbation terms, which depend only on n). For a fixed w the terms add over rows, so one Spark
 * {@code treeAggregate} computes them and a forget subtracts the forgotten rows' terms (Guo et al.,
 * "Certified Data Removal from Machine Learning Models", ICML 2020: the Newton removal step needs
 * exactly the remaining data's gradient and Hessian).
 */
public final class LogisticTerms implements SufficientStatistics<LogisticTerms> {

    private static final long serialVersionUID = 1L;

    private final double[] w;
    private final String positive;
    private final int m;
    /** Σ∇ℓ in [0, m), Σ∇²ℓ's lower triangle row-major in [m, m + m²), Σℓ last: one array, so that combining is one loop. */
    private final double[] sums;
    private long rows;
    private transient double[] design;

    /**
     * @param w        the weights the terms are taken at: intercept first, then one per feature
     * @param positive the label value that counts as y = 1 (any other is y = 0)
     */
    public LogisticTerms(double[] w, String positive) {
        this.w = w.clone();
        this.positive = Objects.requireNonNull(positive);
        this.m = w.length;
        this.sums = new double[m + m * m + 1];
    }

    /** Empty terms at the same weights and positive class. */
    public LogisticTerms empty() {
        return new LogisticTerms(w, positive);
    }

    @Override
    public LogisticTerms add(double[] x, Object label) {
        double[] z = design();
        System.arraycopy(x, 0, z, 1, m - 1);
        return addDesign(z, label);
    }

    @Override
    public LogisticTerms addRow(org.apache.spark.sql.Row row, int d) {
        double[] z = design();
        for (int j = 0; j < d; j++) {
            z[j + 1] = row.getDouble(j);
        }
        return addDesign(z, row.get(d));
    }

    private double[] design() {
        if (design == null) {
            design = new double[m];
            design[0] = 1;
        }
        return design;
    }

    private LogisticTerms addDesign(double[] z, Object label) {
        if (label == null) {
            throw new DataException("logistic on Spark: a row has no label");
        }
        double y = positive.equals(String.valueOf(label)) ? 1 : 0;
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += w[j] * z[j];
        }
        double p = LogisticObjective.sigmoid(s);
        sums[sums.length - 1] += LogisticObjective.softplus(s) - y * s;
        double r = p - y;
        double c = p * (1 - p);
        for (int a = 0; a < m; a++) {
            sums[a] += r * z[a];
            int row = m + a * m;
            double ca = c * z[a];
            for (int b = 0; b <= a; b++) {
                sums[row + b] += ca * z[b];
            }
        }
        rows++;
        return this;
    }

    /** Adds {@code other}'s rows; both must be taken at the same weights. */
    @Override
    public LogisticTerms merge(LogisticTerms other) {
        if (!java.util.Arrays.equals(w, other.w)) {
            throw new IllegalArgumentException("logistic terms taken at different weights cannot be combined");
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
        rows += other.rows;
        return this;
    }

    /** Removes {@code other}'s rows (added before): merging their negation. */
    @Override
    public LogisticTerms subtract(LogisticTerms other) {
        LogisticTerms negated = other.empty();
        for (int i = 0; i < sums.length; i++) {
            negated.sums[i] = -other.sums[i];
        }
        negated.rows = -other.rows;
        return merge(negated);
    }

    @Override
    public long rows() {
        return rows;
    }

    /** The gradient (m), lower-triangle Hessian (m·m, row-major), loss and row count, for a state digest. */
    @Override
    public double[] numbers() {
        double[] out = java.util.Arrays.copyOf(sums, sums.length + 1);
        out[sums.length] = rows;
        return out;
    }

    public double[] at() {
        return w.clone();
    }

    public double loss() {
        return sums[sums.length - 1];
    }

    /** Σ ∇ℓᵢ(w). */
    public double[] gradient() {
        return java.util.Arrays.copyOf(sums, m);
    }

    /** Σ ∇²ℓᵢ(w). */
    public SymmetricMatrix hessian() {
        return SymmetricMatrix.ofLower(java.util.Arrays.copyOfRange(sums, m, m + m * m), m);
    }
}
