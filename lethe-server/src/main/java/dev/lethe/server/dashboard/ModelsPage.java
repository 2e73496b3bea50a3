package dev.lethe.server.dashboard;

import dev.lethe.store.ModelEvent;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.VersionInfo;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The models: how many of each family, and per model its training (dataset, settings, seed), its
 * accuracy guard, every version with why it was made and what it forgot, and its events (retrains
 * forced by the accuracy guard or the retraining policy), and its audit reports with their charts
 * when an {@link AuditReports} holds any.
 */
final class ModelsPage {

    /** A stored report is our own HTML with inline styles and charts as data URIs; it may run nothing. */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    private final DashboardData data;
    private final AuditReports audits;

    ModelsPage(DashboardData data, AuditReports audits) {
        this.data = data;
        this.audits = audits;
    }

    /** One audit report, as it was written. */
    void report(Context ctx, Session session) {
        String model = data.registry().models().get(ctx.pathParam("name")).name();
        String id = ctx.pathParam("id");
        String html = audits.html(model, id).orElseThrow(() -> new dev.lethe.model.NotFoundException(
                "model " + dev.lethe.model.LetheException.quote(model) + " has no audit report " + dev.lethe.model.LetheException.quote(id)));
        Layout.headers(ctx);
        ctx.header("Content-Security-Policy", REPORT_CSP);
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    void render(Context ctx, Session session) {
        List<ModelInfo> models = data.registry().models().list();
        StringBuilder html = new StringBuilder(8192);
        if (models.isEmpty()) {
            html.append("<p class=\"empty\">No model in the registry yet: train one with <code>lethe train</code>.</p>");
            Layout.render(ctx, session, "Models", html.toString());
            return;
        }
        Map<String, Integer> families = new TreeMap<>();
        models.forEach(m -> families.merge(m.family(), 1, Integer::sum));
        html.append("<ul class=\"counts\">");
        families.forEach((family, n) -> html.append("<li><strong>").append(n).append("</strong> ").append(Html.text(family)).append("</li>"));
        html.append("</ul>\n");
        for (ModelInfo m : models) {
            model(html, m);
        }
        Layout.render(ctx, session, "Models", html.toString());
    }

    private void model(StringBuilder html, ModelInfo m) {
        html.append("<section class=\"model\" id=\"model-").append(Html.text(Html.url(m.name()))).append("\"><h2>").append(Html.text(m.name()))
                .append(" <span class=\"family\">").append(Html.text(m.family())).append("</span></h2>")
                .append("<dl class=\"facts\"><dt>Dataset</dt><dd>").append(Html.text(data.registry().datasets().get(m.datasetId()).name()))
                .append("</dd><dt>Settings</dt><dd><code>").append(Html.text(m.settings().isEmpty() ? "defaults" : new TreeMap<>(m.settings())))
                .append("</code>, seed ").append(dev.lethe.model.ModelFamilies.seedIsSecret(m.family()) ? "secret" : m.seed()).append("</dd><dt>Current version</dt><dd>").append(m.currentVersion())
                .append("</dd><dt>Accuracy guard</dt><dd>");
        if (m.hasAccuracyGuard()) {
            html.append(String.format(Locale.ROOT, "held-out accuracy %.3f at training on %d records; retrain if it falls by more than %.3f",
                    m.baselineAccuracy(), m.holdout().size(), m.accuracyMargin()));
        } else {
            html.append("none (trained without held-out records)");
        }
        html.append("</dd></dl>");

        Map<Integer, DashboardData.Forgets> forgets = data.forgetsByVersion(m.name());
        html.append("<table class=\"versions\"><thead><tr><th>Version</th><th>Made by</th><th>Created</th><th>Records held</th>")
                .append("<th>Forgot</th><th>State digest</th></tr></thead><tbody>");
        List<VersionInfo> versions = data.registry().models().versions(m.name());
        for (int i = versions.size() - 1; i >= 0; i--) {
            VersionInfo v = versions.get(i);
            DashboardData.Forgets f = forgets.get(v.version());
            html.append("<tr").append(v.version() == m.currentVersion() ? " class=\"current\"" : "").append("><td>").append(v.version())
                    .append(v.isPurged() ? " <span class=\"badge purged\">purged</span>" : "").append("</td><td>").append(Html.text(v.cause()))
                    .append(v.batchId() == null ? "" : " (batch " + v.batchId() + ")").append("</td><td>").append(Html.time(v.createdAt()))
                    .append("</td><td>").append(v.liveRecords()).append("</td><td>")
                    .append(f == null ? "–" : f.records() + " record" + (f.records() == 1 ? "" : "s") + " for " + f.requests() + " request"
                            + (f.requests() == 1 ? "" : "s"))
                    .append("</td><td><code>").append(Html.text(RequestPage.abbreviate(v.stateDigest()))).append("</code></td></tr>");
        }
        html.append("</tbody></table>");

        List<AuditReports.Summary> reports = audits.of(m.name());
        if (!reports.isEmpty()) {
            html.append("<table class=\"audits\"><thead><tr><th>Audit</th><th>Version</th><th>When</th><th>Outcome</th></tr></thead><tbody>");
            for (AuditReports.Summary r : reports) {
                html.append("<tr><td><a href=\"/ui/models/").append(Html.text(Html.url(m.name()))).append("/audits/")
                        .append(Html.text(Html.url(r.id()))).append("\">").append(Html.text(r.id())).append("</a></td><td>").append(r.version())
                        .append("</td><td>").append(Html.time(r.at())).append("</td><td>").append(Html.text(r.verdict())).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        List<ModelEvent> events = data.registry().models().events(m.name());
        if (events.isEmpty()) {
            html.append("<p class=\"hint\">No accuracy-guard or retrain event.</p>");
        } else {
            html.append("<table class=\"events\"><thead><tr><th>When</th><th>Version</th><th>Event</th><th>Detail</th></tr></thead><tbody>");
            for (ModelEvent e : events) {
                html.append("<tr><td>").append(Html.time(e.at())).append("</td><td>").append(e.version()).append("</td><td>")
                        .append(Html.text(e.event())).append("</td><td>").append(Html.text(e.detail())).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</section>\n");
    }
}
