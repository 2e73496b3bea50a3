package dev.lethe.server.dashboard;

import dev.lethe.audit.report.SvgChart;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where things stand: requests per state and overdue, the median time from receipt to completion
 * over the last 30 days, and requests completed per day over the last two weeks as a chart (an
 * inline SVG drawn by the audit report's chart writer: no script, no image request).
 */
final class OverviewPage {

    static final Duration MEDIAN_WINDOW = Duration.ofDays(30);
    static final int CHART_DAYS = 14;

    private final DashboardData data;

    OverviewPage(DashboardData data) {
        this.data = data;
    }

    /** Reads the completion figures once before the port opens (the first overview would otherwise pay for it). */
    void prime() {
        data.completions();
    }

    void render(Context ctx, Session session) {
        StringBuilder html = new StringBuilder(8192);
        html.append(RequestCounts.strip(data, DashboardModule.READERS.contains(session.principal().orElseThrow().role())));
        int overdue = data.overdueCount();
        DashboardData.Completions completions = data.completions();
        html.append("<div class=\"tiles\"><div class=\"tile").append(overdue > 0 ? " overdue" : "").append("\"><span class=\"figure\" id=\"overdue\">")
                .append(overdue).append("</span> overdue request").append(overdue == 1 ? "" : "s").append("</div>")
                .append("<div class=\"tile\"><span class=\"figure\" id=\"median\">")
                .append(completions.median().map(Html::duration).orElse("–"))
                .append("</span> median time to completion (last 30 days)</div>")
                .append("<div class=\"tile\"><span class=\"figure\">").append(data.registry().models().list().size())
                .append("</span> models</div></div>\n");
        TreeMap<LocalDate, Integer> perDay = completions.perDay();
        List<String> labels = new ArrayList<>();
        double[] values = new double[perDay.size()];
        int i = 0;
        for (Map.Entry<LocalDate, Integer> e : perDay.entrySet()) {
            labels.add(e.getKey().toString().substring(5));
            values[i++] = e.getValue();
        }
        html.append("<figure class=\"chart\">")
                .append(new SvgChart("Requests completed per day", "day (UTC)", "requests").bars(labels, values)
                        .replaceFirst("<svg ", "<svg role=\"img\" aria-label=\"Requests completed per day\" "))
                .append("</figure>\n");
        Layout.render(ctx, session, "Overview", html.toString());
    }
}
