package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Weka's ARFF format (dense data section), plain or gzip-compressed. Nominal attributes
 * become categorical with their declared levels in declared order; numeric, real and integer
 * attributes are numeric; {@code ?} is missing. String, date and sparse data are rejected with a
 * message, not misread.
 */
public final class ArffReader {

    private ArffReader() {
    }

    public static LoadedData read(Path path, ReadOptions options) {
        return TableBuilder.build(parse(path, options.encoding()), options);
    }

    static RawTable parse(Path path, java.nio.charset.Charset encoding) {
        String source = path.toString();
        List<String> names = new ArrayList<>();
        List<FeatureType> types = new ArrayList<>();
        List<List<String>> levels = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(Inputs.open(path, encoding))) {
            String line;
            int lineNo = 0;
            RawTable table = null;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("%")) {
                    continue;
                }
                if (table == null) {
                    String lower = s.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("@relation")) {
                        continue;
                    }
                    if (lower.startsWith("@attribute")) {
                        parseAttribute(source, lineNo, s.substring("@attribute".length()).strip(), names, types, levels);
                        continue;
                    }
                    if (lower.startsWith("@data")) {
                        if (names.isEmpty()) {
                            throw new DataException(source + " line " + lineNo + ": @data before any @attribute");
                        }
                        table = new RawTable(source, names, types, levels);
                        continue;
                    }
                    throw new DataException(source + " line " + lineNo + ": expected @relation, @attribute or @data, got '"
                            + abbreviate(s) + "'");
                }
                if (s.startsWith("{")) {
                    throw new DataException(source + " line " + lineNo + ": sparse ARFF data is not supported");
                }
                List<String> fields = splitFields(source, lineNo, s);
                if (fields.size() != names.size()) {
                    throw new DataException(source + " line " + lineNo + ": expected " + names.size() + " values, got " + fields.size());
                }
                String[] cells = new String[fields.size()];
                for (int j = 0; j < cells.length; j++) {
                    String v = fields.get(j);
                    cells[j] = v.equals("?") ? null : v;
                }
                table.add(cells, lineNo);
            }
            if (table == null) {
                throw new DataException(source + ": no @data section");
            }
            return table;
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void parseAttribute(String source, int lineNo, String rest, List<String> names,
                                       List<FeatureType> types, List<List<String>> levels) {
        List<String> nameAndRest = splitName(source, lineNo, rest);
        String name = nameAndRest.get(0);
        String type = nameAndRest.get(1).strip();
        if (names.contains(name)) {
            throw new DataException(source + " line " + lineNo + ": duplicate attribute " + LetheException.quote(name));
        }
        if (type.startsWith("{")) {
            int close = type.lastIndexOf('}');
            if (close < 0) {
                throw new DataException(source + " line " + lineNo + ": unterminated nominal list for " + LetheException.quote(name));
            }
            List<String> values = splitFields(source, lineNo, type.substring(1, close));
            names.add(name);
            types.add(FeatureType.CATEGORICAL);
            levels.add(values);
            return;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.equals("numeric") || lower.equals("real") || lower.equals("integer")) {
            names.add(name);
            types.add(FeatureType.NUMERIC);
            levels.add(null);
            return;
        }
        throw new DataException(source + " line " + lineNo + ": attribute " + LetheException.quote(name) + " has type " + LetheException.quote(type)
                + "; supported are numeric, real, integer and nominal {…}");
    }

    private static List<String> splitName(String source, int lineNo, String rest) {
        if (rest.startsWith("'") || rest.startsWith("\"")) {
            char q = rest.charAt(0);
            int end = rest.indexOf(q, 1);
            if (end < 0) {
                throw new DataException(source + " line " + lineNo + ": unterminated attribute name");
            }
            return List.of(rest.substring(1, end), rest.substring(end + 1));
        }
        int space = 0;
        while (space < rest.length() && !Character.isWhitespace(rest.charAt(space)) && rest.charAt(space) != '{') {
            space++;
        }
        if (space == rest.length()) {
            throw new DataException(source + " line " + lineNo + ": attribute " + LetheException.quote(rest) + " has no type");
        }
        return List.of(rest.substring(0, space), rest.substring(space));
    }

    /** Splits comma-separated values, honouring single and double quotes. */
    static List<String> splitFields(String source, int lineNo, String s) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i <= s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
                char q = s.charAt(i++);
                while (i < s.length() && s.charAt(i) != q) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    field.append(s.charAt(i++));
                }
                if (i >= s.length()) {
                    throw new DataException(source + " line " + lineNo + ": unterminated quoted value");
                }
                i++;
                while (i < s.length() && s.charAt(i) != ',') {
                    i++;
                }
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    field.append(s.charAt(i++));
                }
            }
            out.add(field.toString().strip());
            field.setLength(0);
            i++;
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
