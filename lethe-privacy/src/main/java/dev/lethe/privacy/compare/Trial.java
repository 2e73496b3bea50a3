package dev.lethe.privacy.compare;

import java.util.Map;

/**
 * One configuration measured with one seed.
 *
 * @param accuracy    accuracy on the held-out records
 * @param auc         LiRA's AUC on the audited records (members) against the held-out records
 * @param tprAt01     LiRA's true-positive rate at 0.1% false positives
 * @param millis      training time (k-anonymous: anonymising and training; exact unlearning: the forget)
 * @param guarantee   what the model's provenance or receipt states about privacy (DP: ε by the accountant,
 *                    δ, accountant, noise multiplier); empty when nothing
 */
public record Trial(long seed, double accuracy, double auc, double tprAt01, long millis, Map<String, String> guarantee) {

    public Trial {
        guarantee = Map.copyOf(guarantee);
    }
}
