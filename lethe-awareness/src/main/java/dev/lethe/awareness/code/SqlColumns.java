package dev.lethe.awareness.code;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The column list of a SQL SELECT (aliases win; {@code *} means not known) and its first table. */
final class SqlColumns {

    private SqlColumns() {
    }

    static boolean isQuery(String s) {
        return s.trim().toLowerCase(Locale.ROOT).startsWith("select ");
    }

    /** The selected columns, or {@code null} for {@code *} or a list that cannot be read. */
    static Set<String> columns(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        int select = lower.indexOf("select ");
        int from = lower.indexOf(" from ");
        if (select < 0 || from < select) {
            return null;
        }
        String list = sql.substring(select + 7, from).trim();
        if (list.toLowerCase(Locale.ROOT).startsWith("distinct ")) {
            list = list.substring(9);
        }
        Set<String> out = new LinkedHashSet<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i == list.length() ? ',' : list.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String item = list.substring(start, i).trim();
                start = i + 1;
                if (item.equals("*") || item.endsWith(".*")) {
                    return null;
                }
                String[] words = item.split("\\s+");
                String name = words[words.length - 1];
                name = name.substring(name.lastIndexOf('.') + 1).replace("\"", "").replace("`", "");
                out.add(name);
            }
        }
        return out;
    }

    static String table(String sql) {
        String[] words = sql.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equalsIgnoreCase("from")) {
                return words[i + 1].replaceAll("[;,)]", "");
            }
        }
        return "?";
    }
}
