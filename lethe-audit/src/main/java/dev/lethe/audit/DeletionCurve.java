package dev.lethe.audit;

import java.util.List;

/**
 * Utility as records are forgotten one by one — the "catastrophic unlearning" curve: an exact method
 * tracks retraining and stays flat while an approximate one may drift. Also the latency of every
 * single-record forget on the way.
 *
 * @param family      the family (method)
 * @param metric      accuracy or rmse, on held-out records
 * @param deletions   records forgotten so far, at each point
 * @param utility     held-out utility at each point
 * @param latencyNanos the time of each single-record forget, from its receipt
 * @param guarantees  the guarantees the receipts claimed
 * @param note        why the curve is empty (the family does not apply) or stopped early, or ""
 */
public record DeletionCurve(String family, String metric, int[] deletions, double[] utility, long[] latencyNanos,
                            List<String> guarantees, String note) {

    public boolean isEmpty() {
        return deletions.length == 0;
    }
}
