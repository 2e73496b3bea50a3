package dev.lethe.model;

import dev.lethe.data.Attribute;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The imputation values a model's provenance records ({@code --missing impute}: the value put in for
 * a missing cell, so new data is imputed the same way), kept free of forgotten data. A most-frequent
 * level that a forget tombstones is a forgotten value: it is replaced by the level most remaining
 * records use (the lowest on a tie, as reading a file picks it); a forgotten feature's value is
 * dropped, since that column is no longer read. Privacy by design: forgotten data leaves everything
 * (GDPR Art. 17).
 */
public final class ImputationValues {

    /** The provenance source key prefix of a column's imputation value. */
    public static final String PREFIX = "impute.";

    private ImputationValues() {
    }

    /** The provenance after a committed plan: unchanged unless an imputation value became forgotten. */
    static Provenance afterForget(Provenance provenance, TrainingRecords records, ForgetPlan plan) {
        Map<String, String> source = provenance.source();
        if (source.isEmpty() || !(plan.isFeature() || plan.removesRows())) {
            return provenance;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> e : source.entrySet()) {
            String value = e.getValue();
            int j = e.getKey().startsWith(PREFIX) ? records.schema().indexOf(e.getKey().substring(PREFIX.length())) : -1;
            if (j >= 0 && records.isFeatureForgotten(j)) {
                changed = true;
                continue;
            }
            Attribute a = j >= 0 ? records.schema().feature(j) : null;
            if (a != null && a.isCategorical() && !a.liveLevels().contains(value)) {
                int level = records.mostUsedLevel(j);
                value = level < 0 ? null : a.levels().get(level);
                changed = true;
            }
            if (value != null) {
                kept.put(e.getKey(), value);
            }
        }
        return changed ? provenance.withSource(kept) : provenance;
    }
}
