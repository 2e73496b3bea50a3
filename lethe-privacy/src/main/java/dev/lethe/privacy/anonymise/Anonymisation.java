package dev.lethe.privacy.anonymise;

import java.util.List;

/**
 * The result of anonymising: the equivalence classes, the suppressed rows, and the information lost.
 *
 * @param ncp            the normalised certainty penalty (Xu et al., KDD 2006) averaged over rows and
 *                       quasi-identifiers, in [0, 1]; a suppressed row costs 1
 * @param discernibility Σ|E|² over classes plus |suppressed|·n (Bayardo, Agrawal, ICDE 2005)
 */
public record Anonymisation(List<String> quasi, List<EquivalenceClass> classes, int[] suppressed, int rows, double ncp,
                            long discernibility) {

    public int smallestClass() {
        return classes.stream().mapToInt(EquivalenceClass::size).min().orElse(0);
    }
}
