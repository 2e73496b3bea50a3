package dev.lethe.awareness.code;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A code scan as a table, as JSON-ready maps, and as SARIF 2.1.0 (OASIS Static Analysis Results
 * Interchange Format), so code-scanning UIs show each training site at its file and line.
 */
public final class CodeScanText {

    private CodeScanText() {
    }

    public static String table(CodeScanReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d files scanned, %d training sites, %d not registered in Lethe%n", r.root(),
                r.filesScanned(), r.sites().size(), r.gaps().size()));
        for (TrainingSite s : r.sites()) {
            b.append(String.format(Locale.ROOT, "%s:%d  %s %s  %s%n", s.file(), s.line(), s.framework(), s.call(),
                    s.registered() ? "registered" : "GAP: not registered in Lethe"));
            b.append("    fields: ").append(fields(s)).append(System.lineSeparator());
            if (!s.sources().isEmpty()) {
                b.append("    from: ").append(String.join(", ", s.sources())).append(System.lineSeparator());
            }
        }
        if (!r.skipped().isEmpty()) {
            b.append("skipped: ").append(r.skipped()).append(System.lineSeparator());
            r.warnings().forEach(w -> b.append("  warning: ").append(w).append(System.lineSeparator()));
        }
        return b.toString();
    }

    /** The fields of a site in words ("all columns of the source except …", "age, email [email]"). */
    public static String fields(TrainingSite s) {
        String listed = s.fields().stream().map(f -> f.types().isEmpty() ? f.name() : f.name() + " [" + String.join(", ", f.types()) + "]")
                .collect(Collectors.joining(", "));
        if (s.allColumns()) {
            String all = "all columns of the source" + (s.dropped().isEmpty() ? "" : " except " + String.join(", ", s.dropped()));
            return listed.isEmpty() ? all : all + ": " + listed;
        }
        return listed.isEmpty() ? "(none seen)" : listed;
    }

    public static Map<String, Object> json(CodeScanReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", r.root());
        m.put("files_scanned", r.filesScanned());
        m.put("skipped", r.skipped());
        m.put("warnings", r.warnings());
        m.put("sites", r.sites().stream().map(CodeScanText::site).toList());
        return m;
    }

    /** One site as JSON-ready maps. */
    public static Map<String, Object> site(TrainingSite s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file());
        m.put("line", s.line());
        m.put("framework", s.framework());
        m.put("call", s.call());
        m.put("model", s.model());
        m.put("fields", s.fields().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", f.name());
            x.put("types", f.types());
            x.put("evidence", f.evidence());
            return x;
        }).toList());
        m.put("all_columns", s.allColumns());
        m.put("dropped", s.dropped());
        m.put("sources", s.sources());
        m.put("registered", s.registered());
        return m;
    }

    /** SARIF 2.1.0: one rule per kind of finding, one result per training site. */
    public static Map<String, Object> sarif(CodeScanReport r) {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "lethe scan");
        driver.put("rules", List.of(
                rule("LETHE001", "unregistered-training", "A model is trained on data Lethe does not know: erasure requests cannot reach it."),
                rule("LETHE002", "registered-training", "A model is trained on data registered in Lethe.")));
        List<Map<String, Object>> results = r.sites().stream().map(s -> {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("ruleId", s.registered() ? "LETHE002" : "LETHE001");
            res.put("level", s.registered() ? "note" : s.personal() || s.allColumns() ? "warning" : "note");
            res.put("message", Map.of("text", s.framework() + " training (" + s.call() + ") on " + fields(s)
                    + (s.registered() ? "" : "; not registered in Lethe")));
            res.put("locations", List.of(Map.of("physicalLocation", Map.of(
                    "artifactLocation", Map.of("uri", s.file().replace('\\', '/')),
                    "region", Map.of("startLine", Math.max(1, s.line()))))));
            res.put("properties", Map.of("framework", s.framework(), "fields", s.fields().stream().map(TrainingSite.Field::name).toList(),
                    "personalDataTypes", s.fields().stream().flatMap(f -> f.types().stream()).distinct().toList()));
            return res;
        }).toList();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> sarif = new LinkedHashMap<>();
        sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        sarif.put("version", "2.1.0");
        sarif.put("runs", List.of(run));
        return sarif;
    }

    private static Map<String, Object> rule(String id, String name, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("shortDescription", Map.of("text", text));
        return m;
    }
}
