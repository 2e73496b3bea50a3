package dev.lethe.spark.stats;

import dev.lethe.data.DataException;
import java.util.List;

/**
 * Gaussian naive Bayes' statistics over numeric features: per class the row count and the sums of
 * x and x². Probabilities follow Lethe's local {@code nb} family: empirical priors, class variances
 * plus ε = varSmoothing × the largest pooled variance (1 when none is positive).
 */
public final class NaiveBayesStatistics implements SufficientStatistics<NaiveBayesStatistics> {

    private static final long serialVersionUID = 1L;
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final String[] classes;
    private final int d;
    private final long[] count;
    private final double[] sum;
    private final double[] squares;
    private transient org.apache.spark.unsafe.types.UTF8String[] utf8Classes;

    public NaiveBayesStatistics(List<String> classes, int features) {
        this.classes = classes.toArray(String[]::new);
        this.d = features;
        this.count = new long[this.classes.length];
        this.sum = new double[this.classes.length * d];
        this.squares = new double[this.classes.length * d];
    }

    /** Statistics from their {@link #numbers()}, as a model file holds them. */
    public static NaiveBayesStatistics fromNumbers(List<String> classes, int features, double[] numbers) {
        NaiveBayesStatistics s = new NaiveBayesStatistics(classes, features);
        int k = s.count.length;
        if (numbers.length != k + 2 * s.sum.length) {
            throw new dev.lethe.model.ModelFileException("nb statistics: expected " + (k + 2 * s.sum.length) + " numbers, got "
                    + numbers.length);
        }
        for (int i = 0; i < k; i++) {
            s.count[i] = (long) numbers[i];
        }
        System.arraycopy(numbers, k, s.sum, 0, s.sum.length);
        System.arraycopy(numbers, k + s.sum.length, s.squares, 0, s.sum.length);
        return s;
    }

    public List<String> classes() {
        return List.of(classes);
    }

    private int classIndex(Object label) {
        String name = String.valueOf(label);
        for (int k = 0; k < classes.length; k++) {
            if (classes[k].equals(name)) {
                return k;
            }
        }
        throw new DataException("nb on Spark: label " + dev.lethe.model.LetheException.quote(name) + " is not one of "
                + List.of(classes));
    }

    @Override
    public NaiveBayesStatistics add(double[] x, Object label) {
        int k = classIndex(label);
        count[k]++;
        for (int j = 0; j < d; j++) {
            sum[k * d + j] += x[j];
            squares[k * d + j] += x[j] * x[j];
        }
        return this;
    }

    /** As {@link #add}, reading the row's fields in place. */
    @Override
    public NaiveBayesStatistics addRow(org.apache.spark.sql.Row row, int features) {
        int k = classIndex(row.get(features));
        count[k]++;
        for (int j = 0; j < features; j++) {
            double v = row.getDouble(j);
            sum[k * d + j] += v;
            squares[k * d + j] += v * v;
        }
        return this;
    }

    /** As {@link #add}, reading the internal row in place; a string label is matched as UTF-8 bytes. */
    @Override
    public NaiveBayesStatistics addInternal(org.apache.spark.sql.catalyst.InternalRow row, int features,
                                            org.apache.spark.sql.types.DataType labelType) {
        if (!(labelType instanceof org.apache.spark.sql.types.StringType) || row.isNullAt(features)) {
            return SufficientStatistics.super.addInternal(row, features, labelType);
        }
        int k = classIndex(row.getUTF8String(features));
        count[k]++;
        for (int j = 0; j < features; j++) {
            double v = SufficientStatistics.feature(row, j);
            sum[k * d + j] += v;
            squares[k * d + j] += v * v;
        }
        return this;
    }

    private int classIndex(org.apache.spark.unsafe.types.UTF8String label) {
        if (utf8Classes == null) {
            utf8Classes = new org.apache.spark.unsafe.types.UTF8String[classes.length];
            for (int k = 0; k < classes.length; k++) {
                utf8Classes[k] = org.apache.spark.unsafe.types.UTF8String.fromString(classes[k]);
            }
        }
        for (int k = 0; k < classes.length; k++) {
            if (utf8Classes[k].equals(label)) {
                return k;
            }
        }
        return classIndex(label.toString());
    }

    @Override
    public NaiveBayesStatistics merge(NaiveBayesStatistics o) {
        return combine(o, 1);
    }

    @Override
    public NaiveBayesStatistics subtract(NaiveBayesStatistics o) {
        NaiveBayesStatistics s = combine(o, -1);
        for (int k = 0; k < classes.length; k++) {
            if (count[k] == 0) {
                // a class without rows holds exactly nothing, not the residue of the subtraction
                java.util.Arrays.fill(sum, k * d, (k + 1) * d, 0);
                java.util.Arrays.fill(squares, k * d, (k + 1) * d, 0);
            }
        }
        return s;
    }

    private NaiveBayesStatistics combine(NaiveBayesStatistics o, int sign) {
        for (int k = 0; k < count.length; k++) {
            count[k] += sign * o.count[k];
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += sign * o.sum[i];
            squares[i] += sign * o.squares[i];
        }
        return this;
    }

    @Override
    public long rows() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    @Override
    public double[] numbers() {
        double[] out = new double[count.length + 2 * sum.length];
        for (int k = 0; k < count.length; k++) {
            out[k] = count[k];
        }
        System.arraycopy(sum, 0, out, count.length, sum.length);
        System.arraycopy(squares, 0, out, count.length + sum.length, sum.length);
        return out;
    }

    /** Class probabilities of one row. */
    public double[] probabilities(double[] x, double varSmoothing) {
        long n = rows();
        double epsilon = varSmoothing * largestVarianceOrOne(n);
        double[] score = new double[classes.length];
        for (int k = 0; k < classes.length; k++) {
            if (count[k] == 0) {
                score[k] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double s = Math.log(count[k]) - Math.log(n);
            for (int j = 0; j < d; j++) {
                double mean = sum[k * d + j] / count[k];
                double var = Math.max(0, squares[k * d + j] / count[k] - mean * mean) + epsilon;
                double dev = x[j] - mean;
                s -= 0.5 * (LOG_TWO_PI + Math.log(var)) + dev * dev / (2 * var);
            }
            score[k] = s;
        }
        return dev.lethe.math.Vectors.softmaxInPlace(score);
    }

    private double largestVarianceOrOne(long n) {
        double largest = 0;
        for (int j = 0; j < d; j++) {
            double s = 0;
            double q = 0;
            for (int k = 0; k < classes.length; k++) {
                s += sum[k * d + j];
                q += squares[k * d + j];
            }
            double mean = s / n;
            largest = Math.max(largest, q / n - mean * mean);
        }
        return largest > 0 ? largest : 1;
    }
}
