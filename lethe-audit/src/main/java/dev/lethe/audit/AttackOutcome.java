package dev.lethe.audit;

import dev.lethe.audit.metrics.AttackMetrics;
import dev.lethe.audit.metrics.RocCurve;

/**
 * One attack's results.
 *
 * @param attack            the attack's name
 * @param membersVsHeldOut  on the unlearned model: retained training records against held-out records —
 *                          how much the model leaks at all (the attack's power; ≈ 0.5 means nothing to find)
 * @param retrainedMembersVsHeldOut the same on the retrained model
 * @param forgottenUnlearned   forgotten records against held-out records, on the unlearned model;
 *                             {@code null} when nothing was forgotten
 * @param forgottenRetrained   the same on the retrained model (the target: what forgetting should look like)
 * @param rocUnlearned         the ROC curve behind {@code forgottenUnlearned} (or {@code null})
 * @param rocRetrained         the ROC curve behind {@code forgottenRetrained} (or {@code null})
 */
public record AttackOutcome(String attack, AttackMetrics membersVsHeldOut, AttackMetrics retrainedMembersVsHeldOut,
                            AttackMetrics forgottenUnlearned, AttackMetrics forgottenRetrained,
                            RocCurve rocUnlearned, RocCurve rocRetrained) {
}
