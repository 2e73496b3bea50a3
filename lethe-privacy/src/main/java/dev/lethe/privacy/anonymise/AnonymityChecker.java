package dev.lethe.privacy.anonymise;

import dev.lethe.data.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an anonymised table on its own, knowing nothing of how it was made: rows with equal
 * quasi-identifier values form a class; every class must have at least k rows and be l-diverse in
 * the sensitive column. Also checks that each generalised value covers the original it replaced.
 */
public final class AnonymityChecker {

    /** What the check found: the classes, the smallest, and each violation in words. */
    public record Report(int classes, int smallestClass, int rows, List<String> violations) {
        public boolean holds() {
            return violations.isEmpty();
        }
    }

    private AnonymityChecker() {
    }

    public static Report check(TextTable table, List<String> quasi, String sensitive, int k, int l, Diversity diversity) {
        int[] q = quasi.stream().mapToInt(c -> table.column(c, "--quasi")).toArray();
        int s = sensitive == null ? -1 : table.column(sensitive, "--sensitive");
        Map<List<String>, Map<String, Integer>> classes = new HashMap<>();
        Map<List<String>, Integer> sizes = new HashMap<>();
        for (String[] row : table.rows()) {
            List<String> key = Arrays.stream(q).mapToObj(j -> row[j]).toList();
            sizes.merge(key, 1, Integer::sum);
            if (s >= 0) {
                classes.computeIfAbsent(key, x -> new HashMap<>()).merge(String.valueOf(row[s]), 1, Integer::sum);
            }
        }
        List<String> violations = new ArrayList<>();
        int smallest = Integer.MAX_VALUE;
        for (Map.Entry<List<String>, Integer> e : sizes.entrySet()) {
            smallest = Math.min(smallest, e.getValue());
            if (e.getValue() < k) {
                violations.add("class " + e.getKey() + " has " + e.getValue() + " rows < k = " + k);
            }
            if (s >= 0 && !diversity.holds(classes.get(e.getKey()), l)) {
                violations.add("class " + e.getKey() + " is not " + l + "-diverse: " + classes.get(e.getKey()));
            }
        }
        return new Report(sizes.size(), sizes.isEmpty() ? 0 : smallest, table.rows().size(), violations);
    }

    /**
     * The cells whose generalised value does not cover the original: numbers must lie in their
     * interval, categories must be the value or one of its ancestors in the hierarchy (flat when none).
     *
     * @param kept the original row of each anonymised row, in order
     */
    public static List<String> uncovered(TextTable original, TextTable anonymised, int[] kept, List<String> quasi,
                                         Map<String, Hierarchy> hierarchies) {
        List<String> out = new ArrayList<>();
        for (String col : quasi) {
            int j = original.column(col, "--quasi");
            Hierarchy h = hierarchies.get(col);
            for (int i = 0; i < kept.length; i++) {
                String was = original.rows().get(kept[i])[j];
                String now = anonymised.rows().get(i)[j];
                double[] interval = h == null ? Intervals.parse(now) : null;
                boolean covered;
                if (interval != null && Intervals.parse(was) != null) {
                    double v = Double.parseDouble(was);
                    covered = v >= interval[0] && v <= interval[1];
                } else if (h != null) {
                    covered = h.covers(now, was);
                } else {
                    covered = now.equals(was) || now.equals(Hierarchy.ROOT);
                }
                if (!covered) {
                    out.add(col + " row " + kept[i] + ": " + now + " does not cover " + was);
                }
            }
        }
        return out;
    }
}
