package dev.lethe.audit.attack;

/**
 * A small L2-regularised logistic regression on standardised features, fitted by full-batch gradient
 * descent: the attack classifier of {@link ShadowModelAttack}. It sees a handful of features, so a
 * few hundred iterations converge.
 */
final class LogisticModel {

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;

    private LogisticModel(double[] mean, double[] scale, double[] weights, double bias) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    static LogisticModel fit(double[][] x, boolean[] y, int iterations, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1;
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
        }
        double[] w = new double[d];
        double b = 0;
        double rate = 0.5;
        double[] grad = new double[d];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double s = b;
                for (int j = 0; j < d; j++) {
                    s += w[j] * z[i][j];
                }
                double err = sigmoid(s) - (y[i] ? 1 : 0);
                for (int j = 0; j < d; j++) {
                    grad[j] += err * z[i][j];
                }
                gb += err;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= rate * (grad[j] / n + lambda * w[j]);
            }
            b -= rate * gb / n;
        }
        return new LogisticModel(mean, scale, w, b);
    }

    /** The log-odds of membership (monotone in the probability, and never saturates). */
    double logOdds(double[] features) {
        double s = bias;
        for (int j = 0; j < weights.length; j++) {
            s += weights[j] * (features[j] - mean[j]) / scale[j];
        }
        return s;
    }

    private static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }
}
