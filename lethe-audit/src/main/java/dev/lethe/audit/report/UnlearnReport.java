package dev.lethe.audit.report;

import static dev.lethe.audit.report.Html.escape;
import static dev.lethe.audit.report.Html.num;
import static dev.lethe.audit.report.Html.percent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The approximate-unlearning benchmark as one self-contained HTML page, with the audit report's
 * look and SVG charts: per family and scenario, a table of every method next to retraining, a chart
 * of test accuracy against time relative to retraining (one point per method, retraining at 1), and
 * a chart of the forgetting-quality score per method (its bootstrap interval is in the table).
 */
public final class UnlearnReport {

    /**
     * One method (or {@code retrain}) in one scenario.
     *
     * @param timeRatio the method's median time over retraining's
     * @param quality   the NeurIPS 2023 challenge's forgetting-quality score (NaN for retrain itself)
     */
    public record Entry(String family, String scenario, String method, int runs, int forgetSize, double seconds,
                        double timeRatio, double forgetAccuracy, double retainAccuracy, double testAccuracy, double miaAuc,
                        double quality, double qualityLow, double qualityHigh, double medianEpsilon) {
    }

    private UnlearnReport() {
    }

    public static void write(Path file, String title, String notes, List<Entry> entries) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html(title, notes, entries), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param notes plain text: what was run (data, settings, N), shown under the title */
    public static String html(String title, String notes, List<Entry> entries) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}\n")
                .append("th{background:#f3f3f3}td.l{text-align:left}.note{color:#555}img.chart{max-width:100%;height:auto}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"note\">")
                .append(escape(notes)).append("</p>\n");
        Set<String> groups = new LinkedHashSet<>();
        entries.forEach(e -> groups.add(e.family() + " / " + e.scenario()));
        for (String g : groups) {
            List<Entry> rows = entries.stream().filter(e -> (e.family() + " / " + e.scenario()).equals(g)).toList();
            section(h, g, rows);
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static void section(StringBuilder h, String group, List<Entry> rows) {
        h.append("<h2>").append(escape(group)).append(" (").append(rows.get(0).forgetSize()).append(" forgotten records, N = ")
                .append(rows.get(0).runs()).append(" runs)</h2>\n<table>\n<tr><th>method</th><th>median time (s)</th>")
                .append("<th>time / retrain</th><th>forget acc.</th><th>retain acc.</th><th>test acc.</th><th>MIA AUC</th>")
                .append("<th>forgetting quality [95% CI]</th><th>median ε</th></tr>\n");
        for (Entry e : rows) {
            h.append("<tr><td class=\"l\">").append(escape(e.method())).append("</td><td>").append(num(e.seconds(), 2))
                    .append("</td><td>").append(num(e.timeRatio(), 3)).append("</td><td>").append(percent(e.forgetAccuracy()))
                    .append("</td><td>").append(percent(e.retainAccuracy())).append("</td><td>").append(percent(e.testAccuracy()))
                    .append("</td><td>").append(num(e.miaAuc(), 3)).append("</td><td>")
                    .append(Double.isNaN(e.quality()) ? "–" : num(e.quality(), 3) + " [" + num(e.qualityLow(), 3) + ", "
                            + num(e.qualityHigh(), 3) + "]")
                    .append("</td><td>").append(num(e.medianEpsilon(), 2)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        SvgChart accuracy = new SvgChart(group + ": test accuracy vs time", "time / retraining time", "test accuracy");
        for (Entry e : rows) {
            accuracy.add(new SvgChart.Series(e.method(), new double[] {e.timeRatio()}, new double[] {e.testAccuracy()}, false));
        }
        h.append(Html.image(accuracy.lines(), group + ": test accuracy against relative time per method")).append('\n');
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Entry e : rows) {
            if (!Double.isNaN(e.quality())) {
                labels.add(e.method());
                values.add(new double[] {e.quality(), e.qualityLow(), e.qualityHigh()});
            }
        }
        if (!labels.isEmpty()) {
            SvgChart quality = new SvgChart(group + ": forgetting quality with its 95% interval (1 = like retraining)", "method",
                    "score");
            h.append(Html.image(quality.yRange(0, 1).bars(labels, column(values, 0), column(values, 1), column(values, 2)),
                    group + ": forgetting quality per method")).append('\n');
        }
    }

    private static double[] column(List<double[]> rows, int i) {
        return rows.stream().mapToDouble(r -> r[i]).toArray();
    }
}
