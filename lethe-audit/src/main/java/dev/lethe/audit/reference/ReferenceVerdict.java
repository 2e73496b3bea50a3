package dev.lethe.audit.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether an unlearned model can be told apart from models retrained without the forgotten data.
 *
 * @param checks          each comparison with its two-sided p-value
 * @param adjustedP       the smallest p-value times the number of checks (Bonferroni), capped at 1
 * @param distinguishable {@code adjustedP} below the level: some check tells the model apart with confidence
 *                        {@code 1 − adjustedP}
 * @param level           the significance level
 * @param liraAuc         AUC of the LiRA-style score of forgotten records on the unlearned model against
 *                        the same score of each reference (left out of the fit): 0.5 is indistinguishable
 * @param references      how many reference models
 */
public record ReferenceVerdict(List<Check> checks, double adjustedP, boolean distinguishable, double level,
                               double liraAuc, int references) {

    /**
     * One comparison: the unlearned model's value against the references' mean and spread.
     *
     * @param spread the standard deviation the z-score uses (the references', with a floor)
     */
    public record Check(String name, double value, double referenceMean, double spread, double z, double p) {
    }

    public ReferenceVerdict {
        checks = List.copyOf(checks);
    }

    /** The confidence that the model differs from retraining, 1 − adjusted p. */
    public double confidence() {
        return 1 - adjustedP;
    }

    /** One line for people. */
    public String summary() {
        String worst = checks.stream().min((a, b) -> Double.compare(a.p(), b.p())).map(Check::name).orElse("none");
        return distinguishable
                ? String.format(Locale.ROOT, "distinguishable from %d retrained references with confidence %.3f (%s differs most)",
                        references, confidence(), worst)
                : String.format(Locale.ROOT, "consistent with %d retrained references: no check differs at level %.2f "
                        + "(adjusted p = %.3f; %s closest to differing)", references, level, adjustedP, worst);
    }

    /** The verdict as receipt details, under {@code prefix}. */
    public Map<String, String> details(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(prefix + "verdict", distinguishable ? "distinguishable" : "consistent");
        out.put(prefix + "confidence", f(confidence()));
        out.put(prefix + "references", Integer.toString(references));
        for (Check c : checks) {
            out.put(prefix + c.name(), String.format(Locale.ROOT, "%.4f (references %.4f ± %.4f, z = %.2f, p = %.3g)",
                    c.value(), c.referenceMean(), c.spread(), c.z(), c.p()));
        }
        out.put(prefix + "lira_auc", f(liraAuc));
        return out;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
