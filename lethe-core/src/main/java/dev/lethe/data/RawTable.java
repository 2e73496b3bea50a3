package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cells as a reader found them, before types and roles are applied. A {@code null} cell is
 * missing. Readers fill one; {@link TableBuilder} turns it into a {@link Dataset}.
 */
final class RawTable {

    final String source;
    final List<String> names;
    /** Declared type per column, or {@code null} to infer it (CSV). */
    final List<FeatureType> declaredTypes;
    /** Declared levels per categorical column (ARFF nominal), or {@code null}. */
    final List<List<String>> declaredLevels;
    /** Whether any cell of the column was quoted: quoted values are text, not numbers. */
    final boolean[] quoted;
    final List<String[]> rows = new ArrayList<>();
    /** The 1-based line in the file where each row starts. */
    final List<Integer> lines = new ArrayList<>();

    RawTable(String source, List<String> names, List<FeatureType> declaredTypes, List<List<String>> declaredLevels) {
        this.source = source;
        this.names = List.copyOf(names);
        this.declaredTypes = declaredTypes;
        this.declaredLevels = declaredLevels;
        this.quoted = new boolean[names.size()];
    }

    void add(String[] row, int line) {
        rows.add(row);
        lines.add(line);
    }

    int columnIndex(String name, String role) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new DataException(source + ": no column " + LetheException.quote(name) + " for " + role + "; columns are " + names);
        }
        return i;
    }

    String where(int row, int column) {
        return source + " line " + lines.get(row) + " column '" + names.get(column) + "'";
    }
}
