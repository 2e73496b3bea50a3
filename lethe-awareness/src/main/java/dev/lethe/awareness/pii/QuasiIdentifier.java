package dev.lethe.awareness.pii;

import java.util.List;

/**
 * A set of columns that together single people out although none identifies them alone (Sweeney
 * 2002, "k-anonymity": ZIP code, birth date and sex identified 87% of the US population).
 *
 * @param uniqueShare  the share of sampled records whose combination of values no other sampled record has
 * @param averageRisk  the prosecutor re-identification risk of a linkage on these columns, averaged over
 *                     records: the number of distinct combinations over the records (El Emam 2013)
 * @param smallestClass the size of the smallest group of records sharing one combination (the k of k-anonymity)
 */
public record QuasiIdentifier(List<String> columns, double uniqueShare, double averageRisk, int smallestClass, int sampled) {
}
