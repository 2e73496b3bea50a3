package dev.lethe.privacy.anonymise;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One quasi-identifier encoded for partitioning. Numeric: each row's rank among the column's sorted
 * distinct values. Categorical: each row's value code, and per hierarchy depth the code of its
 * ancestor there, so a partition's node and its children are array look-ups.
 */
final class QuasiColumn {

    final String name;
    final boolean numeric;
    /** Per row: the rank of its value (numeric) or the code of its value (categorical). */
    final int[] codes;
    /** Numeric: the sorted distinct values. */
    final double[] values;
    /** Categorical: the value of each code, its hierarchy, and per depth the ancestor label of each code. */
    final String[] labels;
    final Hierarchy hierarchy;
    final int[][] ancestor;
    final String[][] ancestorLabel;

    private QuasiColumn(String name, int[] codes, double[] values) {
        this.name = name;
        this.numeric = true;
        this.codes = codes;
        this.values = values;
        this.labels = null;
        this.hierarchy = null;
        this.ancestor = null;
        this.ancestorLabel = null;
    }

    private QuasiColumn(String name, int[] codes, String[] labels, Hierarchy hierarchy) {
        this.name = name;
        this.numeric = false;
        this.codes = codes;
        this.values = null;
        this.labels = labels;
        this.hierarchy = hierarchy;
        this.ancestor = new int[hierarchy.depth() + 1][labels.length];
        this.ancestorLabel = new String[hierarchy.depth() + 1][];
        for (int d = 0; d <= hierarchy.depth(); d++) {
            Map<String, Integer> ids = new HashMap<>();
            for (int c = 0; c < labels.length; c++) {
                ancestor[d][c] = ids.computeIfAbsent(hierarchy.at(labels[c], d), x -> ids.size());
            }
            String[] byId = new String[ids.size()];
            ids.forEach((label, id) -> byId[id] = label);
            ancestorLabel[d] = byId;
        }
    }

    /**
     * Encodes a column: numeric when it has no hierarchy and every value is a number, else categorical
     * (flat unless a hierarchy is given, in which every value must appear).
     */
    static QuasiColumn encode(TextTable table, String name, Hierarchy hierarchy) {
        int col = table.column(name, "--quasi");
        List<String[]> rows = table.rows();
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            if (rows.get(i)[col] == null) {
                throw new DataException(table.where(i, col) + ": missing value in a quasi-identifier; drop or impute such rows first");
            }
        }
        if (hierarchy == null) {
            double[] parsed = numbers(rows, col);
            if (parsed != null) {
                double[] distinct = Arrays.stream(parsed).distinct().sorted().toArray();
                int[] codes = new int[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = Arrays.binarySearch(distinct, parsed[i]);
                }
                return new QuasiColumn(name, codes, distinct);
            }
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String[] r : rows) {
            seen.add(r[col]);
        }
        Hierarchy h = hierarchy == null ? Hierarchy.flat(seen) : hierarchy;
        Map<String, Integer> code = new HashMap<>();
        String[] labels = new String[seen.size()];
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            String v = rows.get(i)[col];
            Integer c = code.get(v);
            if (c == null) {
                h.requireValue(v, table, i, col);
                c = code.size();
                code.put(v, c);
                labels[c] = v;
            }
            codes[i] = c;
        }
        return new QuasiColumn(name, codes, labels, h);
    }

    private static double[] numbers(List<String[]> rows, int col) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Double.parseDouble(rows.get(i)[col]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(out[i])) {
                return null;
            }
        }
        return out;
    }

    double range() {
        return values[values.length - 1] - values[0];
    }

    int depth() {
        return hierarchy.depth();
    }
}
