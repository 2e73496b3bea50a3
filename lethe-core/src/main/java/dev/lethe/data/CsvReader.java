package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads comma-separated files (RFC 4180: header row, double-quoted fields with {@code ""} escapes,
 * newlines inside quotes), plain or gzip-compressed. {@code NA}, {@code NaN} and empty fields are
 * missing. A quoted value is text: a column whose values are quoted becomes categorical.
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static LoadedData read(Path path, ReadOptions options) {
        return TableBuilder.build(parse(path, options.encoding()), options);
    }

    /** The file's cells as text, with the same parsing (quotes, gzip, missing values) as {@link #read}. */
    public static TextTable readText(Path path, java.nio.charset.Charset encoding) {
        return TextTable.of(parse(path, encoding));
    }

    static RawTable parse(Path path, java.nio.charset.Charset encoding) {
        String source = path.toString();
        try (Reader in = Inputs.open(path, encoding)) {
            Tokenizer t = new Tokenizer(in, source);
            List<String> header = t.nextRecord();
            if (header == null) {
                throw new DataException(source + ": the file is empty; expected a header row");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).trim();
                if (name.isEmpty()) {
                    throw new DataException(source + " line 1: column " + (i + 1) + " has no name");
                }
                if (!seen.add(name)) {
                    throw new DataException(source + " line 1: duplicate column name " + LetheException.quote(name));
                }
                header.set(i, name);
            }
            RawTable table = new RawTable(source, header, null, null);
            while (true) {
                int line = t.line;
                List<String> record = t.nextRecord();
                if (record == null) {
                    break;
                }
                if (record.size() == 1 && record.get(0).isEmpty() && !t.lastRecordQuoted[0]) {
                    continue; // blank line
                }
                if (record.size() != header.size()) {
                    throw new DataException(source + " line " + line + ": expected " + header.size()
                            + " fields, got " + record.size());
                }
                String[] cells = new String[record.size()];
                for (int j = 0; j < cells.length; j++) {
                    String v = record.get(j);
                    boolean q = t.lastRecordQuoted[j];
                    if (!q) {
                        v = v.trim();
                    }
                    if (v.isEmpty() || (!q && (v.equals("NA") || v.equals("NaN")))) {
                        cells[j] = null;
                    } else {
                        cells[j] = v;
                        table.quoted[j] |= q;
                    }
                }
                table.add(cells, line);
            }
            return table;
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A small RFC 4180 tokenizer that tracks line numbers and which fields were quoted. */
    private static final class Tokenizer {
        private final Reader in;
        private final String source;
        private int line = 1;
        private int pushback = -2;
        private boolean[] lastRecordQuoted = new boolean[16];

        Tokenizer(Reader in, String source) {
            this.in = in;
            this.source = source;
        }

        private int read() throws IOException {
            if (pushback != -2) {
                int c = pushback;
                pushback = -2;
                return c;
            }
            return in.read();
        }

        List<String> nextRecord() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quotedField = false;
            int startLine = line;
            while (true) {
                if (c == '"' && field.length() == 0) {
                    field.setLength(0);
                    quotedField = true;
                    while (true) {
                        c = read();
                        if (c == -1) {
                            throw new DataException(source + " line " + startLine + ": unterminated quoted field");
                        }
                        if (c == '"') {
                            int next = read();
                            if (next == '"') {
                                field.append('"');
                                continue;
                            }
                            c = next;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                    while (c == ' ' || c == '\t') {
                        c = read();
                    }
                    if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                        throw new DataException(source + " line " + line + ": unexpected character '" + (char) c
                                + "' after a closing quote");
                    }
                    continue;
                }
                if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                    if (fields.size() >= lastRecordQuoted.length) {
                        lastRecordQuoted = java.util.Arrays.copyOf(lastRecordQuoted, lastRecordQuoted.length * 2);
                    }
                    lastRecordQuoted[fields.size()] = quotedField;
                    fields.add(field.toString());
                    field.setLength(0);
                    quotedField = false;
                    if (c == ',') {
                        c = read();
                        continue;
                    }
                    if (c == '\r') {
                        int next = read();
                        if (next != '\n') {
                            pushback = next;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    return fields;
                }
                field.append((char) c);
                c = read();
            }
        }
    }
}
