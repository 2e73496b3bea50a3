package dev.lethe.awareness.registry;

import dev.lethe.store.DatasetInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a registered dataset was read: its stored {@code key=value} lines (file, label, subject, drop, …). */
public final class DatasetSource {

    private DatasetSource() {
    }

    public static Map<String, String> of(DatasetInfo info) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : info.source().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** The name of the file it was imported from, without folders, or {@code null}. */
    public static String fileName(DatasetInfo info) {
        String file = of(info).get("file");
        return file == null ? null : java.nio.file.Path.of(file).getFileName().toString();
    }
}
