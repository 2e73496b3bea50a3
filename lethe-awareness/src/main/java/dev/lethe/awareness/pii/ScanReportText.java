package dev.lethe.awareness.pii;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A scan report as a table for people and as plain maps for JSON. */
public final class ScanReportText {

    private ScanReportText() {
    }

    public static String table(ScanReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d rows, %d sampled; %d of %d columns hold personal data%n", r.source(), r.rows(),
                r.sampledRows(), r.personalColumns().size(), r.columns().size()));
        b.append(String.format(Locale.ROOT, "%-24s %-10s %-30s %s%n", "column", "sensitivity", "types (confidence)", "evidence"));
        for (ColumnFinding c : r.columns()) {
            if (!c.personal() && !c.confirmed()) {
                continue;
            }
            String types = c.types().isEmpty() ? "none" : c.types().stream()
                    .map(t -> t.type().label() + " (" + String.format(Locale.ROOT, "%.2f", t.confidence()) + ")")
                    .collect(Collectors.joining(", "));
            b.append(String.format(Locale.ROOT, "%-24s %-10s %-30s %s%n", c.column(), c.sensitivity().name().toLowerCase(Locale.ROOT),
                    types, c.confirmed() ? "confirmed by a user" : c.types().isEmpty() ? "" : evidence(c.types().get(0))));
        }
        if (!r.quasiIdentifiers().isEmpty()) {
            b.append("quasi-identifiers (records made unique by a linkage on these columns):").append(System.lineSeparator());
            for (QuasiIdentifier q : r.quasiIdentifiers()) {
                b.append(String.format(Locale.ROOT, "  %-40s unique %5.1f%%, average re-identification risk %.2f, smallest group %d%n",
                        String.join(" + ", q.columns()), 100 * q.uniqueShare(), q.averageRisk(), q.smallestClass()));
            }
        }
        return b.toString();
    }

    private static String evidence(TypeEvidence t) {
        StringBuilder b = new StringBuilder();
        b.append(t.matched()).append('/').append(t.sampled()).append(" values matched");
        if (t.nameHint() != null) {
            b.append(", name hint '").append(t.nameHint()).append('\'');
        }
        if (t.detail() != null) {
            b.append("; ").append(t.detail());
        }
        return b.toString();
    }

    /** The report as JSON-ready maps. */
    public static Map<String, Object> json(ScanReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source());
        m.put("rows", r.rows());
        m.put("sampled_rows", r.sampledRows());
        m.put("columns", r.columns().stream().map(ScanReportText::column).toList());
        m.put("quasi_identifiers", r.quasiIdentifiers().stream().map(q -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("columns", q.columns());
            x.put("unique_share", q.uniqueShare());
            x.put("average_risk", q.averageRisk());
            x.put("smallest_group", q.smallestClass());
            return x;
        }).toList());
        return m;
    }

    private static Map<String, Object> column(ColumnFinding c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("column", c.column());
        m.put("sensitivity", c.sensitivity().name().toLowerCase(Locale.ROOT));
        m.put("confirmed", c.confirmed());
        m.put("sampled", c.sampled());
        List<Map<String, Object>> types = c.types().stream().map(t -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("type", t.type().label());
            x.put("confidence", t.confidence());
            x.put("matched", t.matched());
            x.put("name_hint", t.nameHint());
            x.put("detail", t.detail());
            x.put("special_category", t.type().specialCategory());
            return x;
        }).toList();
        m.put("types", types);
        return m;
    }
}
