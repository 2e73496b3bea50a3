package dev.lethe.privacy.anonymise;

import java.util.HashMap;
import java.util.Map;

/**
 * l-diversity of an equivalence class's sensitive values (Machanavajjhala, Kifer, Gehrke,
 * Venkitasubramaniam, TKDD 2007): distinct (at least l different values) or entropy (the values'
 * entropy at least log l).
 */
public enum Diversity {
    DISTINCT, ENTROPY;

    /** Whether the counts of a class's sensitive values satisfy l. */
    public boolean holds(Map<?, Integer> counts, int l) {
        if (l <= 1) {
            return true;
        }
        if (this == DISTINCT) {
            return counts.size() >= l;
        }
        return entropy(counts) >= Math.log(l) - 1e-12;
    }

    static double entropy(Map<?, Integer> counts) {
        double n = 0;
        for (int c : counts.values()) {
            n += c;
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = c / n;
            h -= p * Math.log(p);
        }
        return h;
    }

    /** Counts of codes over some rows. */
    static Map<Integer, Integer> counts(int[] codes, int[] rows, int from, int to) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = from; i < to; i++) {
            m.merge(codes[rows[i]], 1, Integer::sum);
        }
        return m;
    }
}
