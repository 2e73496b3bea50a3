package dev.lethe.audit.attack;

/**
 * A membership-inference attack: from a model's outputs on population rows, a score per row that is
 * higher the more the attacker believes the row was in the model's training data.
 */
public interface MembershipAttack {

    /** A short name for reports, e.g. {@code LiRA (online)}. */
    String name();

    /**
     * @param target the audited model's outputs on every row of the population
     * @param rows   the population rows to score
     */
    double[] score(ModelOutputs target, int[] rows);
}
