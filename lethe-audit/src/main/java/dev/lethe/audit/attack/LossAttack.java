package dev.lethe.audit.attack;

/**
 * The LOSS / confidence-threshold attack of Yeom et al. ("Privacy Risk in Machine Learning: Analyzing
 * the Connection to Overfitting", CSF 2018): a record whose loss is low (confidence in its true label
 * high) is declared a member. The score is the logit-scaled confidence; sweeping its threshold gives
 * the ROC curve, so no shadow models are needed.
 */
public final class LossAttack implements MembershipAttack {

    @Override
    public String name() {
        return "LOSS (Yeom)";
    }

    @Override
    public double[] score(ModelOutputs target, int[] rows) {
        return target.phiAt(rows);
    }
}
