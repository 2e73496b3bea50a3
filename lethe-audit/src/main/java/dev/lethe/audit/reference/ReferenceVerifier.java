package dev.lethe.audit.reference;

import dev.lethe.audit.attack.ModelOutputs;
import dev.lethe.audit.metrics.RocCurve;
import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges an unlearned model against {@link ReferenceModels} retrained without the forgotten set S.
 *
 * <p><b>Accuracy checks</b> on S, on the retained set R and, if given, on a test set: z = (a − μ) /
 * (σ·√(1 + 1/K)), the unlearned accuracy a against the references' mean μ and standard deviation σ
 * (a prediction interval for one more draw), σ floored at the binomial standard error of the set and
 * at 0.005 so that K identical references do not make any difference infinitely significant.
 *
 * <p><b>Membership check</b>, in the spirit of offline LiRA (Carlini et al., IEEE S&amp;P 2022) with the
 * references as the "out" distribution: for each record of S the logit-scaled confidence φ under each
 * reference gives a Gaussian (per-record mean, one pooled variance, as the paper advises for few
 * models); the unlearned model's score is the mean over S of (φ − μ_i)/σ. Its null distribution comes
 * from the references themselves, each scored against the other K − 1 (leave one out), so correlation
 * between records of one model is accounted for. Both directions count: a model far <em>less</em>
 * confident on S than retraining (a Streisand effect of gradient ascent) is as distinguishable as one
 * that still remembers.
 *
 * <p>p-values are two-sided normal tails; the verdict applies Bonferroni over the checks. With K small
 * the normal approximation and the spread estimate are rough: "consistent" means no check found a
 * difference, not a proof of equivalence, and the power grows with K.
 */
public final class ReferenceVerifier {

    /** The default significance level. */
    public static final double LEVEL = 0.05;
    private static final double MIN_SPREAD = 0.005;

    private ReferenceVerifier() {
    }

    /**
     * @param test held-out records for a test-accuracy check, or null
     */
    public static ReferenceVerdict judge(Model unlearned, ReferenceModels references, Dataset forget, Dataset retain,
                                         Dataset test, double level) {
        List<ReferenceVerdict.Check> checks = new ArrayList<>();
        checks.add(accuracy("forget_accuracy", unlearned, references, forget));
        checks.add(accuracy("retain_accuracy", unlearned, references, retain));
        if (test != null && test.size() > 0) {
            checks.add(accuracy("test_accuracy", unlearned, references, test));
        }
        Membership m = membership(unlearned, references, forget);
        checks.add(m.check);
        double pMin = checks.stream().mapToDouble(ReferenceVerdict.Check::p).min().orElse(1);
        double adjusted = Math.min(1, pMin * checks.size());
        return new ReferenceVerdict(checks, adjusted, adjusted < level, level, m.auc, references.size());
    }

    private static ReferenceVerdict.Check accuracy(String name, Model unlearned, ReferenceModels refs, Dataset data) {
        double a = Evaluation.accuracyByIndex(unlearned, data);
        double[] r = new double[refs.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = Evaluation.accuracyByIndex(refs.models().get(k), data);
        }
        double mean = mean(r);
        double binomial = Math.sqrt(Math.max(mean * (1 - mean), 1.0 / data.size()) / data.size());
        double spread = Math.max(Math.max(sd(r, mean), binomial), MIN_SPREAD);
        return check(name, a, mean, spread * Math.sqrt(1 + 1.0 / r.length));
    }

    private record Membership(ReferenceVerdict.Check check, double auc) {
    }

    private static Membership membership(Model unlearned, ReferenceModels refs, Dataset forget) {
        int k = refs.size();
        int n = forget.size();
        double[][] phi = new double[k][];
        for (int j = 0; j < k; j++) {
            phi[j] = ModelOutputs.of(refs.models().get(j), forget).phi();
        }
        double[] target = ModelOutputs.of(unlearned, forget).phi();
        double[] scores = scores(target, phi, -1);
        double statistic = mean(scores);
        double[] nullStats = new double[k];
        List<double[]> nullScores = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            double[] s = scores(phi[j], phi, j);
            nullScores.add(s);
            nullStats[j] = mean(s);
        }
        double mean = mean(nullStats);
        double spread = Math.max(sd(nullStats, mean), 1 / Math.sqrt(Math.max(1, n)));
        ReferenceVerdict.Check check = check("membership_score", statistic, mean, spread * Math.sqrt(1 + 1.0 / k));
        double[] negatives = nullScores.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        double auc = n == 0 ? 0.5 : RocCurve.of(scores, negatives).auc();
        return new Membership(check, auc);
    }

    /** Per record (φ − μ_i)/σ against the references other than {@code leftOut}, with one pooled σ. */
    private static double[] scores(double[] target, double[][] phi, int leftOut) {
        int n = target.length;
        double[] out = new double[n];
        double[] mu = new double[n];
        double squares = 0;
        long dof = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int c = 0;
            for (int j = 0; j < phi.length; j++) {
                if (j != leftOut) {
                    s += phi[j][i];
                    c++;
                }
            }
            mu[i] = s / c;
            for (int j = 0; j < phi.length; j++) {
                if (j != leftOut) {
                    squares += (phi[j][i] - mu[i]) * (phi[j][i] - mu[i]);
                }
            }
            dof += c - 1;
        }
        double sigma = Math.sqrt(Math.max(1e-8, dof == 0 ? 1 : squares / dof));
        for (int i = 0; i < n; i++) {
            out[i] = (target[i] - mu[i]) / sigma;
        }
        return out;
    }

    private static ReferenceVerdict.Check check(String name, double value, double mean, double spread) {
        double z = (value - mean) / spread;
        return new ReferenceVerdict.Check(name, value, mean, spread, z, twoSided(z));
    }

    /** Two-sided normal tail probability 2·(1 − Φ(|z|)). */
    static double twoSided(double z) {
        return Math.min(1, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : 2 - y;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double sd(double[] v, double mean) {
        if (v.length < 2) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
