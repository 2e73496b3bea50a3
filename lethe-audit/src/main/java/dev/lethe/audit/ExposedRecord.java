package dev.lethe.audit;

/**
 * A training record as exposed as an attack finds it: the memorisation report lists the records LiRA
 * identifies most confidently, so an officer sees who is most at risk before anyone asks.
 *
 * @param recordId   the record's ID (never a subject ID)
 * @param label      its class (or target) as text
 * @param score      LiRA (online) log-likelihood ratio on the audited model: &gt; 0 favours "member"
 * @param confidence the audited model's probability of the true class (NaN for a regressor)
 * @param forgotten  whether the record was supposed to be forgotten
 */
public record ExposedRecord(long recordId, String label, double score, double confidence, boolean forgotten) {
}
