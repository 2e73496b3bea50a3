package dev.lethe.audit.metrics;

import java.util.Arrays;

/**
 * The ROC curve of a score that should be higher for members (positives) than for non-members
 * (negatives): every threshold's false-positive and true-positive rate, the area under it, and the
 * TPR at a fixed low FPR. Carlini et al. ("Membership Inference Attacks From First Principles",
 * IEEE S&amp;P 2022) argue that the low-FPR figures, not the AUC, say whether an attack identifies
 * anyone with confidence; we report both.
 *
 * <p>Tied scores form one step (a diagonal segment), so a score that cannot separate gets AUC 0.5.
 */
public final class RocCurve {

    private final double[] fpr;
    private final double[] tpr;
    private final double[] thresholds;
    private final int positives;
    private final int negatives;

    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, int positives, int negatives) {
        this.fpr = fpr;
        this.tpr = tpr;
        this.thresholds = thresholds;
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * @param positives scores of members (higher = more member-like); none may be NaN
     * @param negatives scores of non-members
     * @throws IllegalArgumentException if either side is empty or holds NaN
     */
    public static RocCurve of(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException("a ROC curve needs members and non-members, got " + positives.length
                    + " members and " + negatives.length + " non-members");
        }
        int n = positives.length + negatives.length;
        double[] score = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < positives.length; i++) {
            score[i] = check(positives[i]);
            positive[i] = true;
        }
        for (int i = 0; i < negatives.length; i++) {
            score[positives.length + i] = check(negatives[i]);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double[] f = new double[n + 1];
        double[] t = new double[n + 1];
        double[] th = new double[n + 1];
        th[0] = Double.POSITIVE_INFINITY;
        int points = 1;
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < n; ) {
            double s = score[order[k]];
            while (k < n && score[order[k]] == s) {
                if (positive[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
                k++;
            }
            f[points] = (double) fp / negatives.length;
            t[points] = (double) tp / positives.length;
            th[points] = s;
            points++;
        }
        return new RocCurve(Arrays.copyOf(f, points), Arrays.copyOf(t, points), Arrays.copyOf(th, points),
                positives.length, negatives.length);
    }

    private static double check(double s) {
        if (Double.isNaN(s)) {
            throw new IllegalArgumentException("attack score is NaN");
        }
        return s;
    }

    /** Area under the curve (trapezoids): the probability that a random member outscores a random non-member, ties half. */
    public double auc() {
        double area = 0;
        for (int i = 1; i < fpr.length; i++) {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        }
        return area;
    }

    /**
     * The highest TPR of any threshold whose FPR is at most {@code maxFpr}. With fewer than
     * 1/maxFpr non-members only the threshold that accepts nobody qualifies, so the figure is then
     * 0 unless some member scores above every non-member.
     */
    public double tprAtFpr(double maxFpr) {
        double best = 0;
        for (int i = 0; i < fpr.length; i++) {
            if (fpr[i] <= maxFpr) {
                best = Math.max(best, tpr[i]);
            }
        }
        return best;
    }

    public double[] fpr() {
        return fpr.clone();
    }

    public double[] tpr() {
        return tpr.clone();
    }

    public double[] thresholds() {
        return thresholds.clone();
    }

    public int positives() {
        return positives;
    }

    public int negatives() {
        return negatives;
    }

    /** At most {@code max} points of the curve, always keeping the first and last, for plotting. */
    public double[][] thinned(int max) {
        if (fpr.length <= max) {
            return new double[][] {fpr(), tpr()};
        }
        double[] x = new double[max];
        double[] y = new double[max];
        for (int i = 0; i < max; i++) {
            int k = (int) Math.round((double) i * (fpr.length - 1) / (max - 1));
            x[i] = fpr[k];
            y[i] = tpr[k];
        }
        return new double[][] {x, y};
    }
}
