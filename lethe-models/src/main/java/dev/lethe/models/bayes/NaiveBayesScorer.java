package dev.lethe.models.bayes;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Schema;
import dev.lethe.math.CompensatedMoments;
import dev.lethe.math.DoubleDouble;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters naive Bayes predicts with, derived from {@link NaiveBayesStatistics}: an immutable
 * snapshot, rebuilt after the statistics change. All scores are log joint probabilities
 * log P(class) + Σ log P(feature | class).
 *
 * <ul>
 *   <li>Prior: n_k / n, empirical and unsmoothed, so a class without remaining records has prior
 *       exactly 0 (log prior −∞) both after forgetting and after retraining, and never wins.</li>
 *   <li>Numeric feature: a Gaussian with the class mean and population variance plus ε, where
 *       ε = varSmoothing × the largest variance of any active numeric feature over all classes
 *       (scikit-learn's GaussianNB); ε = varSmoothing when every such feature is constant, so the
 *       Gaussians stay proper. A class without records gets mean 0 and variance ε.</li>
 *   <li>Categorical feature: (count of the level in the class + α) / (n_k + α × levels in the
 *       model's dictionary). The dictionary holds the levels the remaining records use (a level
 *       whose last record was forgotten is tombstoned), so the smoothing is the one a model
 *       retrained on the remaining records, from a file that no longer holds the value, would use.</li>
 * </ul>
 */
final class NaiveBayesScorer {

    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final Schema schema;
    private final int classes;
    private final int numeric;
    private final int totalLevels;
    private final int[] activeNumeric;
    private final int[] numericColumn;
    private final int[] activeCategorical;
    private final int[] categoricalColumn;
    private final int[] levelOffset;
    private final double[] prior;
    private final double[] classConstant;
    private final double[] mean;
    private final double[] variance;
    private final double[] halfPrecision;
    private final double[] logLevel;

    private NaiveBayesScorer(Schema schema, NaiveBayesStatistics s, double alpha, double varSmoothing) {
        this.schema = schema;
        this.classes = s.classes();
        this.numeric = s.numericFeatures();
        this.totalLevels = s.totalLevels();
        this.activeNumeric = activeSlots(s.numericFeatures(), true, s);
        this.activeCategorical = activeSlots(s.categoricalFeatures(), false, s);
        this.numericColumn = new int[numeric];
        for (int slot = 0; slot < numeric; slot++) {
            numericColumn[slot] = s.numericColumn(slot);
        }
        this.categoricalColumn = new int[s.categoricalFeatures()];
        this.levelOffset = new int[s.categoricalFeatures()];
        for (int slot = 0; slot < categoricalColumn.length; slot++) {
            categoricalColumn[slot] = s.categoricalColumn(slot);
            levelOffset[slot] = s.levelOffset(slot);
        }

        long n = s.totalCount();
        this.prior = new double[classes];
        double[] logPrior = new double[classes];
        for (int k = 0; k < classes; k++) {
            prior[k] = (double) s.classCount(k) / n;
            logPrior[k] = s.classCount(k) == 0 ? Double.NEGATIVE_INFINITY : Math.log(s.classCount(k)) - Math.log(n);
        }

        double epsilon = varSmoothing * largestVarianceOrOne(s, n);
        this.mean = new double[classes * numeric];
        this.variance = new double[classes * numeric];
        this.halfPrecision = new double[classes * numeric];
        this.classConstant = new double[classes];
        for (int k = 0; k < classes; k++) {
            long nk = s.classCount(k);
            double logNormaliser = 0;
            for (int slot : activeNumeric) {
                int i = k * numeric + slot;
                mean[i] = CompensatedMoments.mean(s.sum(k, slot), nk);
                variance[i] = CompensatedMoments.variance(s.sum(k, slot), s.sumOfSquares(k, slot), nk) + epsilon;
                halfPrecision[i] = 0.5 / variance[i];
                logNormaliser += LOG_TWO_PI + Math.log(variance[i]);
            }
            classConstant[k] = logPrior[k] - 0.5 * logNormaliser;
        }

        this.logLevel = new double[classes * totalLevels];
        for (int k = 0; k < classes; k++) {
            long nk = s.classCount(k);
            for (int slot : activeCategorical) {
                Attribute a = schema.feature(categoricalColumn[slot]);
                int levels = a.numLevels();
                double logDenominator = Math.log(nk + alpha * a.numLiveLevels());
                for (int l = 0; l < levels; l++) {
                    logLevel[k * totalLevels + levelOffset[slot] + l] =
                            Math.log(s.levelCount(k, slot, l) + alpha) - logDenominator;
                }
            }
        }
    }

    static NaiveBayesScorer of(Schema schema, NaiveBayesStatistics statistics, NaiveBayesLearner.Options options) {
        return new NaiveBayesScorer(schema, statistics, options.alpha(), options.varSmoothing());
    }

    private static int[] activeSlots(int count, boolean numeric, NaiveBayesStatistics s) {
        int[] out = new int[count];
        int m = 0;
        for (int slot = 0; slot < count; slot++) {
            int column = numeric ? s.numericColumn(slot) : s.categoricalColumn(slot);
            if (s.isActive(column)) {
                out[m++] = slot;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** The largest population variance of an active numeric feature over all remaining records, or 1 if none is positive. */
    private static double largestVarianceOrOne(NaiveBayesStatistics s, long n) {
        double largest = 0;
        for (int slot = 0; slot < s.numericFeatures(); slot++) {
            if (!s.isActive(s.numericColumn(slot))) {
                continue;
            }
            DoubleDouble sum = new DoubleDouble();
            DoubleDouble squares = new DoubleDouble();
            for (int k = 0; k < s.classes(); k++) {
                sum.add(s.sum(k, slot).hi()).add(s.sum(k, slot).lo());
                squares.add(s.sumOfSquares(k, slot).hi()).add(s.sumOfSquares(k, slot).lo());
            }
            largest = Math.max(largest, CompensatedMoments.variance(sum, squares, n));
        }
        return largest > 0 ? largest : 1;
    }

    /** Log joint scores of each class for a full row in the training schema (forgotten columns ignored). */
    double[] logScores(double[] row) {
        checkRow(row);
        double[] scores = new double[classes];
        for (int k = 0; k < classes; k++) {
            double score = classConstant[k];
            int base = k * numeric;
            for (int slot : activeNumeric) {
                double diff = row[numericColumn[slot]] - mean[base + slot];
                score -= diff * diff * halfPrecision[base + slot];
            }
            int levels = k * totalLevels;
            for (int slot : activeCategorical) {
                score += logLevel[levels + levelOffset[slot] + (int) row[categoricalColumn[slot]]];
            }
            scores[k] = score;
        }
        return scores;
    }

    private void checkRow(double[] row) {
        if (row.length != schema.numFeatures()) {
            throw new DataException("expected a row of " + schema.numFeatures() + " features " + schema.featureNames()
                    + ", got " + row.length + " values");
        }
        for (int slot : activeNumeric) {
            double v = row[numericColumn[slot]];
            if (!Double.isFinite(v)) {
                throw new DataException("feature '" + schema.feature(numericColumn[slot]).name()
                        + "': expected a finite number, got " + v);
            }
        }
        for (int slot : activeCategorical) {
            Attribute a = schema.feature(categoricalColumn[slot]);
            double v = row[categoricalColumn[slot]];
            if (!(v >= 0 && v < a.numLevels() && v == Math.rint(v))) {
                throw new DataException("feature '" + a.name() + "': expected a level index in [0, " + a.numLevels()
                        + "), got " + v);
            }
        }
    }

    /** Named parameter blocks keyed by feature name; forgotten features are absent. */
    Map<String, double[]> parameters() {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("prior", prior.clone());
        for (int slot : activeNumeric) {
            String name = schema.feature(numericColumn[slot]).name();
            double[] m = new double[classes];
            double[] v = new double[classes];
            for (int k = 0; k < classes; k++) {
                m[k] = mean[k * numeric + slot];
                v[k] = variance[k * numeric + slot];
            }
            out.put("mean/" + name, m);
            out.put("var/" + name, v);
        }
        for (int slot : activeCategorical) {
            Attribute a = schema.feature(categoricalColumn[slot]);
            int levels = a.numLevels();
            double[] p = new double[classes * levels];
            for (int k = 0; k < classes; k++) {
                for (int l = 0; l < levels; l++) {
                    p[k * levels + l] = Math.exp(logLevel[k * totalLevels + levelOffset[slot] + l]);
                }
            }
            out.put("levels/" + a.name(), p);
        }
        return out;
    }
}
