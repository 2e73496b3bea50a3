package dev.lethe.privacy.anonymise;

import dev.lethe.data.TextTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The anonymised rows as a table: quasi-identifiers replaced by their class's generalised values,
 * suppressed rows left out, other columns as they were (or replaced, for pseudonyms). Rows keep
 * their original order.
 */
public final class AnonymisedTable {

    private AnonymisedTable() {
    }

    /**
     * @param replace per column, a function applied to each of its values (for pseudonyms); may be empty
     */
    public static TextTable of(TextTable original, Anonymisation a, Map<String, UnaryOperator<String>> replace) {
        int[] qcol = a.quasi().stream().mapToInt(q -> original.column(q, "--quasi")).toArray();
        Map<Integer, EquivalenceClass> classOf = new HashMap<>();
        for (EquivalenceClass e : a.classes()) {
            for (int r : e.rows()) {
                classOf.put(r, e);
            }
        }
        Map<Integer, UnaryOperator<String>> byColumn = new HashMap<>();
        replace.forEach((col, f) -> byColumn.put(original.column(col, "--pseudonymise"), f));
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < original.rows().size(); i++) {
            EquivalenceClass e = classOf.get(i);
            if (e == null) {
                continue;
            }
            String[] row = original.rows().get(i).clone();
            for (int j = 0; j < qcol.length; j++) {
                row[qcol[j]] = e.generalised()[j];
            }
            byColumn.forEach((col, f) -> row[col] = row[col] == null ? null : f.apply(row[col]));
            rows.add(row);
            lines.add(rows.size() + 1);
        }
        return new TextTable(original.source() + " (anonymised)", original.names(), rows, lines);
    }
}
