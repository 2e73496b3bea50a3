package dev.lethe.audit.metrics;

/**
 * The summary figures of one attack on one pair of record groups.
 *
 * @param auc       area under the ROC curve (0.5 = guessing)
 * @param tprAt1    TPR at 1% FPR
 * @param tprAt01   TPR at 0.1% FPR
 * @param members   how many records were scored as members
 * @param nonMembers how many as non-members
 */
public record AttackMetrics(double auc, double tprAt1, double tprAt01, int members, int nonMembers) {

    public static AttackMetrics of(RocCurve roc) {
        return new AttackMetrics(roc.auc(), roc.tprAtFpr(0.01), roc.tprAtFpr(0.001), roc.positives(), roc.negatives());
    }

    public static AttackMetrics of(double[] members, double[] nonMembers) {
        return of(RocCurve.of(members, nonMembers));
    }
}
