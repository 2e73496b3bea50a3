package dev.lethe.privacy.anonymise;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.LetheException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generalisation hierarchy for one categorical quasi-identifier: each value's path from the root
 * {@value #ROOT} down to itself. Read from a CSV whose every row is {@code value,parent,grandparent,…}
 * (all rows the same length, most general last); without a file each value's parent is the root.
 */
public final class Hierarchy {

    /** The most general label: any value. */
    public static final String ROOT = "*";

    /** Per value, its path: [ROOT, most general, …, value]. */
    private final Map<String, String[]> paths;
    private final int depth;
    private final Map<String, Integer> leavesUnder = new HashMap<>();
    private final String source;

    private Hierarchy(Map<String, String[]> paths, int depth, String source) {
        this.paths = paths;
        this.depth = depth;
        this.source = source;
        for (String[] p : paths.values()) {
            for (int d = 0; d < p.length; d++) {
                leavesUnder.merge(key(d, p[d]), 1, Integer::sum);
            }
        }
    }

    /** The flat hierarchy of the given values: each value directly under the root. */
    public static Hierarchy flat(Iterable<String> values) {
        Map<String, String[]> paths = new HashMap<>();
        for (String v : values) {
            paths.put(v, new String[] {ROOT, v});
        }
        return new Hierarchy(paths, 1, null);
    }

    /** A hierarchy from a headerless CSV, read as a table whose first row is data too. */
    public static Hierarchy read(TextTable rows) {
        Map<String, String[]> paths = new HashMap<>();
        List<String[]> all = new ArrayList<>();
        all.add(rows.names().toArray(new String[0]));
        all.addAll(rows.rows());
        int width = all.get(0).length;
        for (int i = 0; i < all.size(); i++) {
            String[] row = all.get(i);
            int line = i == 0 ? 1 : rows.lines().get(i - 1);
            String[] path = new String[width + 1];
            path[0] = ROOT;
            for (int j = 0; j < width; j++) {
                if (row[j] == null) {
                    throw new DataException(rows.source() + " line " + line + ": empty level " + (j + 1) + " in the hierarchy");
                }
                path[width - j] = row[j];
            }
            if (paths.put(row[0], path) != null) {
                throw new DataException(rows.source() + " line " + line + ": value " + LetheException.quote(row[0]) + " appears twice");
            }
        }
        Map<String, String> parentOf = new HashMap<>();
        for (String[] p : paths.values()) {
            for (int d = 1; d < p.length; d++) {
                String k = key(d, p[d]);
                String previous = parentOf.putIfAbsent(k, p[d - 1]);
                if (previous != null && !previous.equals(p[d - 1])) {
                    throw new DataException(rows.source() + ": " + LetheException.quote(p[d]) + " has two parents, "
                            + LetheException.quote(previous) + " and " + LetheException.quote(p[d - 1]));
                }
            }
        }
        return new Hierarchy(paths, width, rows.source());
    }

    /** The depth of the values (the root is depth 0). */
    public int depth() {
        return depth;
    }

    public boolean contains(String value) {
        return paths.containsKey(value);
    }

    /** The value's ancestor (or itself) at depth d. */
    public String at(String value, int d) {
        return paths.get(value)[d];
    }

    /** How many values lie under the node of this label at depth d. */
    public int leavesUnder(int d, String label) {
        return leavesUnder.getOrDefault(key(d, label), 0);
    }

    public int leaves() {
        return paths.size();
    }

    /** Whether {@code general} is the value itself or one of its ancestors. */
    public boolean covers(String general, String value) {
        String[] p = paths.get(value);
        if (p == null) {
            return false;
        }
        for (String label : p) {
            if (label.equals(general)) {
                return true;
            }
        }
        return false;
    }

    /** Fails with the file, column and data line when a value of the data has no place in the hierarchy. */
    void requireValue(String value, TextTable data, int row, int column) {
        if (!paths.containsKey(value)) {
            throw new DataException(data.where(row, column) + ": value " + LetheException.quote(value) + " is not in the hierarchy "
                    + (source == null ? "" : source));
        }
    }

    private static String key(int depth, String label) {
        return depth + "\u0000" + label;
    }
}
