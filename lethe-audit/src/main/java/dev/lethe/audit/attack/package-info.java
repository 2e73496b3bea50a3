/**
 * Membership-inference attacks: given a model and a record, how sure can an adversary be that the
 * record was in the training data? {@link dev.lethe.audit.attack.LossAttack} thresholds the model's
 * confidence (Yeom et al. 2018); {@link dev.lethe.audit.attack.ShadowModelAttack} learns the
 * member/non-member boundary from shadow models (Shokri et al. 2017);
 * {@link dev.lethe.audit.attack.LiraAttack} is the likelihood-ratio attack, online and offline
 * (Carlini et al. 2022). Shadow models come from a {@link dev.lethe.audit.attack.ShadowPool}, trained
 * in parallel with the audited model's own learner.
 */
package dev.lethe.audit.attack;
