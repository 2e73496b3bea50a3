package dev.lethe.privacy.dpsgd;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.privacy.dp.RdpAccountant;
import java.util.Random;

/**
 * The DP-SGD loop for softmax regression. Each step draws a Poisson batch (every example with
 * probability q), computes each example's gradient exactly ({@code (p − y) ⊗ x}, one example at a
 * time), scales it to norm at most C, sums, adds N(0, σ²C²) to every coordinate and divides by the
 * expected batch size qN (Abadi et al. 2016, Algorithm 1). σ comes from {@link RdpAccountant#sigmaFor}
 * for the target ε at the run's q and step count.
 */
public final class DpSgd {

    /** What a run used: the noise multiplier, the steps, the sampling rate, and the accountant's ε for them. */
    public record Run(double sigma, long steps, double q, double epsilon) {
    }

    private DpSgd() {
    }

    /** The width of the design row: numeric features as they are (times {@code scale}), categorical one-hot, plus a bias. */
    static int width(Dataset data) {
        int d = 1;
        for (Attribute a : data.schema().features()) {
            d += a.isCategorical() ? a.numLevels() : 1;
        }
        return d;
    }

    /** The design row of an input row (the model's features, in schema order). */
    static double[] design(java.util.List<Attribute> features, double[] row, double scale, int width) {
        double[] x = new double[width];
        int at = 0;
        for (int j = 0; j < features.size(); j++) {
            Attribute a = features.get(j);
            if (a.isCategorical()) {
                int level = (int) row[j];
                if (level >= 0 && level < a.numLevels()) {
                    x[at + level] = 1;
                }
                at += a.numLevels();
            } else {
                x[at++] = row[j] * scale;
            }
        }
        x[at] = 1;
        return x;
    }

    /** The run's parameters for n examples: q = batch/n, steps = ⌈epochs/q⌉, σ for the target ε. */
    public static Run plan(int n, DpLogisticLearner.Options o) {
        return plan(n, o.epsilon(), o.delta(), o.batch(), o.epochs());
    }

    /** The run for n examples, an expected batch and a number of epochs, to a target (ε, δ); any DP-SGD model's schedule. */
    public static Run plan(int n, double epsilon, double delta, int batch, double epochs) {
        double q = Math.min(1, (double) batch / n);
        long steps = (long) Math.ceil(epochs / q);
        RdpAccountant accountant = new RdpAccountant();
        double sigma = accountant.sigmaFor(epsilon, q, steps, delta);
        return new Run(sigma, steps, q, accountant.epsilon(q, sigma, steps, delta).epsilon());
    }

    /**
     * The settings that state a run's guarantee, for provenance and receipts: (ε, δ), the accountant,
     * the noise multiplier, the schedule and the privacy unit.
     */
    public static java.util.Map<String, String> guarantee(Run run, double delta) {
        return guarantee(run, delta, PrivacyUnit.RECORD);
    }

    /** The settings that state a run's guarantee for a privacy unit. */
    public static java.util.Map<String, String> guarantee(Run run, double delta, PrivacyUnit unit) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("dp.epsilon", Double.toString(run.epsilon()));
        m.put("dp.delta", Double.toString(delta));
        m.put("dp.accountant", new RdpAccountant().describe());
        m.put("dp.noiseMultiplier", Double.toString(run.sigma()));
        m.put("dp.steps", Long.toString(run.steps()));
        m.put("dp.samplingRate", Double.toString(run.q()));
        m.put("dp.privacyUnit", unit.label());
        m.put("dp.assumes", "the seed stays secret (it regenerates the noise)");
        return m;
    }

    /** Trains weights [classes][width] by DP-SGD. */
    static double[][] train(Dataset data, DpLogisticLearner.Options o, long seed, Run run, dev.lethe.model.TrainingProgress progress) {
        int n = data.size();
        int k = data.schema().numClasses();
        int width = width(data);
        double[][] x = new double[n][];
        double[] row = new double[data.numFeatures()];
        for (int i = 0; i < n; i++) {
            x[i] = design(data.schema().features(), data.copyRow(i, row), o.scale(), width);
        }
        double[][] w = new double[k][width];
        Random random = new Random(seed);
        double[][] sum = new double[k][width];
        double[] p = new double[k];
        int[][] groups = o.unit().groups(data);
        double expected = run.q() * groups.length;
        double[][] subject = new double[k][width];
        for (long step = 0; step < run.steps(); step++) {
            for (double[] s : sum) {
                java.util.Arrays.fill(s, 0);
            }
            for (int[] g : groups) {
                if (random.nextDouble() < run.q()) {
                    if (g.length == 1) {
                        addClipped(sum, w, x[g[0]], data.label(g[0]), o.clip(), p);
                    } else {
                        addSubjectClipped(sum, subject, w, x, data, g, o.clip(), p);
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < width; j++) {
                    double noisy = sum[c][j] + random.nextGaussian() * run.sigma() * o.clip();
                    w[c][j] -= o.rate() * noisy / expected;
                }
            }
            if (progress != null && step % 50 == 0) {
                progress.update(step, run.steps());
            }
        }
        return w;
    }

    /**
     * Adds one example's gradient of the softmax loss, scaled to norm at most {@code clip}, to {@code sum}.
     * The gradient is {@code (p − y) ⊗ x}, whose norm is {@code ‖p − y‖·‖x‖}.
     */
    static void addClipped(double[][] sum, double[][] w, double[] x, int label, double clip, double[] p) {
        softmax(w, x, p);
        double pyNorm = 0;
        for (int c = 0; c < p.length; c++) {
            double r = p[c] - (c == label ? 1 : 0);
            pyNorm += r * r;
        }
        double xNorm = 0;
        for (double v : x) {
            xNorm += v * v;
        }
        double norm = Math.sqrt(pyNorm * xNorm);
        double factor = norm > clip ? clip / norm : 1;
        for (int c = 0; c < p.length; c++) {
            double r = (p[c] - (c == label ? 1 : 0)) * factor;
            if (r != 0) {
                double[] s = sum[c];
                for (int j = 0; j < x.length; j++) {
                    s[j] += r * x[j];
                }
            }
        }
    }

    /**
     * Adds the sum of one subject's per-example gradients, scaled as a whole to norm at most {@code clip},
     * to {@code sum} ({@code subject} is scratch space of the same shape).
     */
    static void addSubjectClipped(double[][] sum, double[][] subject, double[][] w, double[][] x, Dataset data, int[] rows,
                                  double clip, double[] p) {
        for (double[] s : subject) {
            java.util.Arrays.fill(s, 0);
        }
        for (int r : rows) {
            addClipped(subject, w, x[r], data.label(r), Double.POSITIVE_INFINITY, p);
        }
        double norm = 0;
        for (double[] s : subject) {
            for (double v : s) {
                norm += v * v;
            }
        }
        norm = Math.sqrt(norm);
        double factor = norm > clip ? clip / norm : 1;
        for (int c = 0; c < sum.length; c++) {
            for (int j = 0; j < sum[c].length; j++) {
                sum[c][j] += subject[c][j] * factor;
            }
        }
    }

    static void softmax(double[][] w, double[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += w[c][j] * x[j];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double total = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - max);
            total += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= total;
        }
    }
}
