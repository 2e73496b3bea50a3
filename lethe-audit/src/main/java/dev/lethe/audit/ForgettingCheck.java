package dev.lethe.audit;

import dev.lethe.audit.metrics.Bootstrap;
import dev.lethe.audit.metrics.ConfidenceInterval;
import dev.lethe.model.Guarantee;
import java.util.Locale;

/**
 * Judges forgetting quality for one set of forgotten records: LiRA's AUC (forgotten vs held-out) on the
 * unlearned model minus the same on the retrained model, with a paired bootstrap interval. An
 * {@code EXACT} forget must be statistically indistinguishable from retraining: the interval must
 * contain 0. Anything weaker is measured and reported, never assumed.
 */
public final class ForgettingCheck {

    private ForgettingCheck() {
    }

    /**
     * @param forgottenUnlearned attack scores of the forgotten records on the unlearned model
     * @param heldOutUnlearned   scores of held-out records on the unlearned model
     * @param forgottenRetrained the same forgotten records on the retrained model
     * @param heldOutRetrained   the same held-out records on the retrained model
     * @param guarantee          what the forget claimed, or {@code null}
     */
    public static ForgettingVerdict judge(String scope, Guarantee guarantee, double[] forgottenUnlearned,
                                          double[] heldOutUnlearned, double[] forgottenRetrained,
                                          double[] heldOutRetrained, int resamples, double level, long seed) {
        ConfidenceInterval ci = Bootstrap.aucDifference(forgottenUnlearned, heldOutUnlearned, forgottenRetrained,
                heldOutRetrained, resamples, level, seed);
        String interval = String.format(Locale.ROOT, "AUC difference %+.3f, %.0f%% interval [%+.3f, %+.3f]",
                ci.estimate(), level * 100, ci.lower(), ci.upper());
        ForgettingVerdict.Outcome outcome;
        String explanation;
        if (guarantee instanceof Guarantee.Exact) {
            if (ci.contains(0)) {
                outcome = ForgettingVerdict.Outcome.CONSISTENT;
                explanation = "The forget claims EXACT and the attack cannot tell the forgotten records apart any better"
                        + " than on the retrained model (" + interval + ").";
            } else {
                outcome = ForgettingVerdict.Outcome.INCONSISTENT;
                explanation = "The forget claims EXACT but the attack separates the forgotten records "
                        + (ci.estimate() > 0 ? "better" : "worse") + " than on the retrained model (" + interval + ").";
            }
        } else {
            outcome = ForgettingVerdict.Outcome.MEASURED;
            explanation = (guarantee == null ? "No receipt states a guarantee" : "The forget claims " + guarantee)
                    + "; measured: " + interval + ".";
        }
        return new ForgettingVerdict(scope, guarantee, forgottenUnlearned.length, ci, outcome, explanation);
    }
}
