package dev.lethe.privacy.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of the comparison: how the model is trained (or made to forget).
 *
 * @param parameter     k for {@link Kind#K_ANONYMOUS}, the target ε for {@link Kind#DP_SGD}, else NaN
 * @param notApplicable why this configuration does not apply to the data, or null
 */
public record Configuration(Kind kind, String name, double parameter, String notApplicable) {

    /** The protections compared. */
    public enum Kind {
        /** The model trained on the data as it is. */
        RAW,
        /** The model trained on a k-anonymous release (Mondrian). */
        K_ANONYMOUS,
        /** The DP family trained by DP-SGD to (ε, δ). */
        DP_SGD,
        /** The raw model after exactly forgetting the audited records: the retrain-equivalent reference. */
        EXACT_UNLEARNING
    }

    public boolean applies() {
        return notApplicable == null;
    }

    /** The rows {@code o} asks for, in report order. */
    static List<Configuration> all(CompareOptions o) {
        List<Configuration> out = new ArrayList<>();
        out.add(new Configuration(Kind.RAW, "raw " + o.family(), Double.NaN, null));
        for (int k : o.ks()) {
            out.add(new Configuration(Kind.K_ANONYMOUS, "k-anonymous, k = " + k, k, o.kAnonymityApplies() ? null : o.noKAnonymity()));
        }
        for (double e : o.epsilons()) {
            out.add(new Configuration(Kind.DP_SGD, o.dpFamily() + ", ε = " + format(e), e, null));
        }
        out.add(new Configuration(Kind.EXACT_UNLEARNING, "exact unlearning of the audited records", Double.NaN, null));
        return out;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
