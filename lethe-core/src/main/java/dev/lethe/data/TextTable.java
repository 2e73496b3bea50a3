package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A CSV or ARFF file's cells as text, before any types or roles: for tools that read columns by
 * name rather than train on them (anonymisation, risk, DP aggregates) and for the scan for personal
 * data (numbers and categories lose the formatting that tells a phone number from a count). Parsed
 * exactly as the readers parse (quotes, gzip, missing values). A {@code null} cell is missing.
 *
 * @param lines the 1-based line in the file where each row starts
 */
public record TextTable(String source, List<String> names, List<String[]> rows, List<Integer> lines) {

    /** Reads a CSV (plain or gzip) or ARFF file, chosen by its name as {@link DatasetReader} does. */
    public static TextTable read(Path path, Charset encoding) {
        if (!Files.isRegularFile(path)) {
            throw new DataException(path + ": no such file (a CSV or ARFF file is needed)");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return of(name.endsWith(".arff") || name.endsWith(".arff.gz") ? ArffReader.parse(path, encoding)
                : CsvReader.parse(path, encoding));
    }

    static TextTable of(RawTable raw) {
        return new TextTable(raw.source, raw.names, Collections.unmodifiableList(raw.rows),
                Collections.unmodifiableList(raw.lines));
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** The cell's text, or {@code null} when missing. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

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
