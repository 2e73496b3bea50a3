package dev.lethe.privacy.compare;

import dev.lethe.model.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * What {@code lethe privacy compare} measures and how hard it looks.
 *
 * @param family        the model family of the raw, k-anonymous and exact-unlearning rows
 * @param settings      its settings
 * @param dpFamily      the family trained by DP-SGD for the DP rows; it must take {@code epsilon} and {@code delta}
 *                      settings ({@code dp-logistic}, or the networks {@code dp-mlp} and {@code dp-cnn} of lethe-djl)
 * @param dpSettings    further settings of the DP family
 * @param quasi         quasi-identifier columns for Mondrian; empty when k-anonymity does not apply
 * @param noKAnonymity  why the k-anonymity rows do not apply to this data (then {@code quasi} is empty), or null
 * @param sensitive     sensitive column for l-diversity, or null
 * @param l             distinct l-diversity of the sensitive column (1 = none)
 * @param ks            the k of each k-anonymity row
 * @param epsilons      the ε of each DP row
 * @param delta         δ of every DP row
 * @param seeds         independent repetitions (split, audited records, models, shadows); each figure is their median
 * @param shadows       shadow models per configuration and seed for LiRA
 * @param audited       how many training records the audit targets (and exact unlearning forgets)
 * @param rows          a random sample of this many rows of the data (0 = all)
 * @param seed          the first seed; repetition i uses seed + i
 * @param threads       worker threads for the shadow models
 */
public record CompareOptions(String family, Map<String, String> settings, String dpFamily, Map<String, String> dpSettings,
                             List<String> quasi, String noKAnonymity, String sensitive, int l, List<Integer> ks,
                             List<Double> epsilons, double delta, int seeds, int shadows, int audited, int rows, long seed,
                             int threads) {

    public CompareOptions {
        settings = Map.copyOf(settings);
        dpSettings = Map.copyOf(dpSettings);
        quasi = List.copyOf(quasi);
        ks = List.copyOf(ks);
        epsilons = List.copyOf(epsilons);
        if (quasi.isEmpty() && noKAnonymity == null && !ks.isEmpty()) {
            throw new InvalidInputException("--quasi COL,… is required: the k-anonymity rows generalise the quasi-identifiers "
                    + "(columns such as age or postcode that link a record to a person)");
        }
        for (int k : ks) {
            if (k < 2) {
                throw new InvalidInputException("--k must be at least 2, got " + k);
            }
        }
        for (double e : epsilons) {
            if (!(e > 0) || Double.isInfinite(e)) {
                throw new InvalidInputException("--epsilon must be positive and finite, got " + e);
            }
        }
        if (!(delta > 0 && delta < 1)) {
            throw new InvalidInputException("--delta must be in (0, 1), got " + delta);
        }
        if (l < 1) {
            throw new InvalidInputException("--l must be at least 1, got " + l);
        }
        if (l > 1 && sensitive == null) {
            throw new InvalidInputException("--l " + l + " needs --sensitive COL");
        }
        if (seeds < 1) {
            throw new InvalidInputException("--seeds must be at least 1, got " + seeds);
        }
        if (shadows < 2) {
            throw new InvalidInputException("--shadows must be at least 2 (LiRA compares shadows with and without each record), got "
                    + shadows);
        }
        if (audited < 1) {
            throw new InvalidInputException("--audited must be at least 1, got " + audited);
        }
        if (rows < 0) {
            throw new InvalidInputException("--rows must be a positive number of rows (0 = all), got " + rows);
        }
        if (threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + threads);
        }
    }

    /** Whether the k-anonymity rows are measured. */
    public boolean kAnonymityApplies() {
        return !quasi.isEmpty();
    }
}
