package dev.lethe.audit;

import dev.lethe.audit.metrics.ConfidenceInterval;
import dev.lethe.model.Guarantee;

/**
 * Whether forgotten records look to LiRA on the unlearned model as they do on the retrained model.
 *
 * @param scope          what was judged: all forgotten records, or one receipt's request summary
 * @param guarantee      what the forget claimed, or {@code null} when no receipt says
 * @param records        how many forgotten records were attacked
 * @param aucDifference  AUC(unlearned) − AUC(retrained) of LiRA (online), forgotten vs held-out, with a
 *                       paired percentile-bootstrap interval
 * @param outcome        CONSISTENT / INCONSISTENT for an {@code EXACT} claim (does the interval contain 0?),
 *                       MEASURED otherwise: a non-exact method is measured and reported, never assumed
 * @param explanation    one sentence for the report
 */
public record ForgettingVerdict(String scope, Guarantee guarantee, int records, ConfidenceInterval aucDifference,
                                Outcome outcome, String explanation) {

    /** The verdict. */
    public enum Outcome { CONSISTENT, INCONSISTENT, MEASURED }
}
