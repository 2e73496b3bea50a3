package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.util.List;

/**
 * A CSV file's cells as text, before any types or roles: for tools that read columns by name
 * (anonymisation, risk, DP aggregates) rather than train on them. A {@code null} cell is missing.
 *
 * @param lines the 1-based line in the file where each row starts
 */
public record TextTable(String source, List<String> names, List<String[]> rows, List<Integer> lines) {

    /** The index of a column, or a {@link DataException} naming the file, the role and the columns there are. */
    public int column(String name, String role) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new DataException(source + ": no column " + LetheException.quote(name) + " for " + role + "; columns are " + names);
        }
        return i;
    }

    /** Where a cell is, for messages: file, line and column. */
    public String where(int row, int column) {
        return source + " line " + lines.get(row) + " column '" + names.get(column) + "'";
    }
}
