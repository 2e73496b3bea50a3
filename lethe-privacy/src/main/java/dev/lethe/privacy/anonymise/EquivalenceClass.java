package dev.lethe.privacy.anonymise;

/**
 * One class of the anonymised data: the rows it holds and the generalised value of each
 * quasi-identifier they all share ({@code [min, max]} for numbers, a hierarchy label for categories).
 */
public record EquivalenceClass(int[] rows, String[] generalised) {

    public int size() {
        return rows.length;
    }
}
