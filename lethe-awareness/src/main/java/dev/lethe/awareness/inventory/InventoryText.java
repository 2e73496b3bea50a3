package dev.lethe.awareness.inventory;

import dev.lethe.awareness.code.CodeScanText;
import dev.lethe.awareness.code.TrainingSite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The inventory as a table, JSON-ready maps, and a self-contained HTML report. */
public final class InventoryText {

    private InventoryText() {
    }

    public static String table(Inventory inv) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-16s %-4s %-14s %-8s %-9s %-8s %s%n", "model", "ver", "dataset", "subjects", "records",
                "special", "personal data trained on"));
        for (Inventory.ModelEntry m : inv.models()) {
            b.append(String.format(Locale.ROOT, "%-16s %-4d %-14s %-8s %-9d %-8s %s%n", m.model(), m.version(), m.dataset(),
                    m.subjectColumn() == null ? "GAP" : Integer.toString(m.subjectsHeld()), m.recordsHeld(),
                    m.specialCategories().isEmpty() ? "-" : "yes", personal(m.personal())));
        }
        if (!inv.requests().isEmpty()) {
            b.append(System.lineSeparator()).append("requests:").append(System.lineSeparator());
            for (Inventory.RequestEntry r : inv.requests()) {
                b.append(String.format(Locale.ROOT, "  %s %s %s: reached %s%s%n", r.id(), r.kind(), r.state(),
                        r.reached().isEmpty() ? "no model" : String.join(", ", r.reached()),
                        r.couldHold().isEmpty() ? "" : "; could also be in (no subject column): " + String.join(", ", r.couldHold())));
            }
        }
        if (inv.codeSites() != null && !inv.codeSites().isEmpty()) {
            b.append(System.lineSeparator()).append("training in code:").append(System.lineSeparator());
            for (TrainingSite s : inv.codeSites()) {
                b.append(String.format(Locale.ROOT, "  %s:%d %s %s%n", s.file(), s.line(), s.framework(),
                        s.registered() ? "registered" : "GAP"));
            }
        }
        return b.toString();
    }

    static String personal(Map<String, List<String>> personal) {
        return personal.isEmpty() ? "none found" : personal.entrySet().stream()
                .map(e -> e.getKey() + " [" + String.join(", ", e.getValue()) + "]").collect(Collectors.joining(", "));
    }

    public static Map<String, Object> json(Inventory inv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", inv.models().stream().map(x -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", x.model());
            e.put("version", x.version());
            e.put("family", x.family());
            e.put("dataset", x.dataset());
            e.put("personal_data", x.personal());
            e.put("dropped_personal_data", x.droppedPersonal());
            e.put("subject_column", x.subjectColumn() != null);
            e.put("special_categories", x.specialCategories());
            e.put("subjects_held", x.subjectsHeld());
            e.put("records_held", x.recordsHeld());
            e.put("guarantee", x.guarantee());
            e.put("gap", x.gap());
            return e;
        }).toList());
        m.put("requests", inv.requests().stream().map(r -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.id());
            e.put("kind", r.kind());
            e.put("state", r.state());
            e.put("reached", r.reached());
            e.put("could_hold", r.couldHold());
            return e;
        }).toList());
        if (inv.codeSites() != null) {
            m.put("code", inv.codeSites().stream().map(CodeScanText::site).toList());
        }
        return m;
    }

    public static String html(Inventory inv) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lethe personal-data inventory"
                + "</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px}"
                + ".gap{color:#b00;font-weight:bold}</style></head><body><h1>Personal-data inventory</h1><h2>Models</h2><table><tr>"
                + "<th>model</th><th>version</th><th>dataset</th><th>personal data trained on</th><th>special categories</th>"
                + "<th>subjects held</th><th>guarantee</th></tr>");
        for (Inventory.ModelEntry m : inv.models()) {
            b.append("<tr><td>").append(esc(m.model())).append("</td><td>").append(m.version()).append("</td><td>")
                    .append(esc(m.dataset())).append("</td><td>").append(esc(personal(m.personal()))).append("</td><td>")
                    .append(esc(String.join(", ", m.specialCategories()))).append("</td><td")
                    .append(m.subjectColumn() == null ? " class=\"gap\">no subject column" : ">" + m.subjectsHeld())
                    .append("</td><td>").append(esc(m.guarantee())).append("</td></tr>");
        }
        b.append("</table><h2>Requests</h2><table><tr><th>request</th><th>kind</th><th>state</th><th>models reached</th>"
                + "<th>could also hold the person</th></tr>");
        for (Inventory.RequestEntry r : inv.requests()) {
            b.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.kind())).append("</td><td>").append(esc(r.state()))
                    .append("</td><td>").append(esc(String.join(", ", r.reached()))).append("</td><td class=\"gap\">")
                    .append(esc(String.join(", ", r.couldHold()))).append("</td></tr>");
        }
        b.append("</table>");
        if (inv.codeSites() != null) {
            b.append("<h2>Training in code</h2><table><tr><th>where</th><th>framework</th><th>fields</th><th>registered</th></tr>");
            for (TrainingSite s : inv.codeSites()) {
                b.append("<tr><td>").append(esc(s.file() + ":" + s.line())).append("</td><td>").append(esc(s.framework()))
                        .append("</td><td>").append(esc(CodeScanText.fields(s))).append("</td><td")
                        .append(s.registered() ? ">yes" : " class=\"gap\">no (gap)").append("</td></tr>");
            }
            b.append("</table>");
        }
        return b.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
