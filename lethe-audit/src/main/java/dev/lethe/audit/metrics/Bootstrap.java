package dev.lethe.audit.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap (Efron 1979) for the difference between the attack AUC on two models scored on
 * the same records. Resampling is paired: each replicate draws one multiset of member indices and one
 * of non-member indices and evaluates both models on it, so noise common to both cancels out.
 */
public final class Bootstrap {

    private Bootstrap() {
    }

    /**
     * Interval for AUC(a) − AUC(b), where a and b score the same members and non-members.
     *
     * @param membersA    member scores under model a; {@code membersB[i]} is the same record under b
     * @param resamples   bootstrap replicates (≥ 100)
     * @param level       coverage in (0, 1)
     */
    public static ConfidenceInterval aucDifference(double[] membersA, double[] nonMembersA, double[] membersB,
                                                   double[] nonMembersB, int resamples, double level, long seed) {
        if (membersA.length != membersB.length || nonMembersA.length != nonMembersB.length) {
            throw new IllegalArgumentException("paired bootstrap needs the same records under both models");
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("expected at least 100 bootstrap resamples, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        double estimate = RocCurve.of(membersA, nonMembersA).auc() - RocCurve.of(membersB, nonMembersB).auc();
        SplittableRandom random = new SplittableRandom(seed);
        double[] diffs = new double[resamples];
        int m = membersA.length;
        int n = nonMembersA.length;
        double[] ma = new double[m];
        double[] mb = new double[m];
        double[] na = new double[n];
        double[] nb = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < m; i++) {
                int k = random.nextInt(m);
                ma[i] = membersA[k];
                mb[i] = membersB[k];
            }
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                na[i] = nonMembersA[k];
                nb[i] = nonMembersB[k];
            }
            diffs[r] = RocCurve.of(ma, na).auc() - RocCurve.of(mb, nb).auc();
        }
        Arrays.sort(diffs);
        double alpha = (1 - level) / 2;
        double lo = diffs[(int) Math.floor(alpha * (resamples - 1))];
        double hi = diffs[(int) Math.ceil((1 - alpha) * (resamples - 1))];
        return new ConfidenceInterval(estimate, Math.min(lo, estimate), Math.max(hi, estimate), level);
    }
}
