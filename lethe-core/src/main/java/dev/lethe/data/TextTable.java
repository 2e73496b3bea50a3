package dev.lethe.data;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The cells of a CSV or ARFF file as text, before types and roles are applied: what a scan for
 * personal data reads (numbers and categories lose the formatting that tells a phone number from a
 * count). A {@code null} cell is missing.
 */
public final class TextTable {

    private final RawTable raw;

    private TextTable(RawTable raw) {
        this.raw = raw;
    }

    /** Reads a CSV (plain or gzip) or ARFF file, chosen by its name as {@link DatasetReader} does. */
    public static TextTable read(Path path, Charset encoding) {
        if (!Files.isRegularFile(path)) {
            throw new DataException(path + ": no such file (a CSV or ARFF file is needed)");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return new TextTable(name.endsWith(".arff") || name.endsWith(".arff.gz") ? ArffReader.parse(path, encoding)
                : CsvReader.parse(path, encoding));
    }

    public List<String> names() {
        return raw.names;
    }

    public int rows() {
        return raw.rows.size();
    }

    /** The cell's text, or {@code null} when missing. */
    public String cell(int row, int column) {
        return raw.rows.get(row)[column];
    }
}
