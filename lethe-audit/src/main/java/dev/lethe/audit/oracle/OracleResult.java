package dev.lethe.audit.oracle;

import dev.lethe.model.ExactnessReport;
import dev.lethe.model.UnlearnableModel;
import java.util.Set;

/**
 * The unlearned model next to the same learner retrained from scratch on D \ S.
 *
 * @param retrained          the model retrained without the forgotten records (and features, relabels)
 * @param forgotten          the record IDs in S
 * @param exactness          core's comparison over every training row (outputs, predictions, parameters)
 * @param unlearnedUtility   the unlearned model's utility
 * @param retrainedUtility   the retrained model's utility
 * @param heldOutAgreement   fraction of held-out rows where both models predict the same class
 *                           (regression: the same value within the family's tolerance)
 * @param parameterDistance  Euclidean distance between the named parameters of both models; NaN when
 *                           the family exposes none or their blocks differ
 * @param retrainMillis      time to retrain
 */
public record OracleResult(UnlearnableModel retrained, Set<Long> forgotten, ExactnessReport exactness,
                           Utility unlearnedUtility, Utility retrainedUtility, double heldOutAgreement,
                           double parameterDistance, long retrainMillis) {

    public OracleResult {
        forgotten = Set.copyOf(forgotten);
    }
}
