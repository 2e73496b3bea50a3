package dev.lethe.server.dashboard;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.store.RequestState;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The requests table: state, kind, what was asked (subjects pseudonymised), received and due dates
 * with overdue requests highlighted, filters by state, kind and overdue, search by request ID
 * (prefix), and keyset pagination, newest first.
 */
final class RequestsPage {

    static final int PAGE_SIZE = 50;

    private final DashboardData data;

    RequestsPage(DashboardData data) {
        this.data = data;
    }

    void render(Context ctx, Session session) {
        Layout.render(ctx, session, "Requests", body(filter(ctx), cursor(ctx, "before"), cursor(ctx, "after"),
                session.principal().orElseThrow()));
    }

    /**
     * Builds the newest page once, before the server's port opens, so that the first page asked for
     * does not pay the one-time work (loading the classes that render it, preparing its statements,
     * and reading the registry's index pages from disk).
     */
    void prime() {
        body(DashboardData.Filter.ALL, null, null, new Principal("startup", Role.ENGINEER));
    }

    private String body(DashboardData.Filter filter, Long before, Long after, Principal viewer) {
        DashboardData.Page page = data.requests(filter, before, after, PAGE_SIZE);
        Instant now = data.now();

        StringBuilder html = new StringBuilder(16_384);
        html.append(RequestCounts.strip(data, true));
        filterForm(html, filter);
        if (page.rows().isEmpty()) {
            html.append("<p class=\"empty\">No request matches.</p>");
        } else {
            html.append("<table class=\"requests\"><thead><tr><th>Request</th><th>Kind</th><th>What</th><th>State</th>")
                    .append("<th>Received</th><th>Due</th><th>Completed</th></tr></thead><tbody>\n");
            for (dev.lethe.server.RequestQuery.Row r : page.rows()) {
                boolean overdue = r.isOverdue(now);
                html.append("<tr").append(overdue ? " class=\"overdue\"" : "").append("><td><a href=\"/ui/requests/")
                        .append(Html.text(Html.url(r.id()))).append("\">").append(Html.text(r.id())).append("</a></td><td>")
                        .append(Html.text(r.kind())).append("</td><td>").append(Html.text(Subjects.visible(r.summary(), viewer)))
                        .append("</td><td>").append(RequestCounts.badge(r.state()))
                        .append(overdue ? " <span class=\"badge overdue\">overdue</span>" : "").append("</td><td class=\"when\">")
                        .append(Html.time(r.receivedAt())).append("</td><td class=\"when\">").append(Html.time(r.dueAt()))
                        .append("</td><td class=\"when\">").append(Html.time(r.doneAt())).append("</td></tr>\n");
            }
            html.append("</tbody></table>");
        }
        pager(html, filter, page);
        return html.toString();
    }

    private static void filterForm(StringBuilder html, DashboardData.Filter f) {
        html.append("<form class=\"filters\" method=\"get\" action=\"/ui/requests\">")
                .append("<label>State <select name=\"state\"><option value=\"\">any</option>");
        for (RequestState s : RequestState.values()) {
            String v = s.name().toLowerCase(Locale.ROOT);
            html.append("<option value=\"").append(v).append('"').append(s == f.state() ? " selected" : "").append('>').append(v).append("</option>");
        }
        html.append("</select></label><label>Kind <select name=\"kind\"><option value=\"\">any</option>");
        for (String k : DashboardData.KINDS) {
            html.append("<option value=\"").append(k).append('"').append(k.equals(f.kind()) ? " selected" : "").append('>').append(k).append("</option>");
        }
        html.append("</select></label><label class=\"check\"><input type=\"checkbox\" name=\"overdue\" value=\"1\"")
                .append(f.overdue() ? " checked" : "").append("> overdue only</label>")
                .append("<label>Request ID <input type=\"search\" name=\"q\" maxlength=\"100\" value=\"").append(Html.text(f.idPrefix()))
                .append("\" placeholder=\"starts with…\"></label><button type=\"submit\">Show</button></form>\n");
    }

    private static void pager(StringBuilder html, DashboardData.Filter f, DashboardData.Page page) {
        if (page.rows().isEmpty() || !(page.hasNewer() || page.hasOlder())) {
            return;
        }
        html.append("<nav class=\"pager\">");
        if (page.hasNewer()) {
            html.append("<a rel=\"prev\" href=\"").append(Html.text(link(f, "after", page.rows().get(0).seq()))).append("\">← Newer</a>");
        }
        if (page.hasOlder()) {
            html.append("<a rel=\"next\" href=\"").append(Html.text(link(f, "before", page.rows().get(page.rows().size() - 1).seq())))
                    .append("\">Older →</a>");
        }
        html.append("</nav>");
    }

    /** The URL of the page beyond {@code seq} in one direction, with the same filters. */
    static String link(DashboardData.Filter f, String direction, long seq) {
        Map<String, String> q = new LinkedHashMap<>();
        if (f.state() != null) {
            q.put("state", f.state().name().toLowerCase(Locale.ROOT));
        }
        if (f.kind() != null) {
            q.put("kind", f.kind());
        }
        if (f.overdue()) {
            q.put("overdue", "1");
        }
        if (f.idPrefix() != null && !f.idPrefix().isEmpty()) {
            q.put("q", f.idPrefix());
        }
        q.put(direction, Long.toString(seq));
        StringBuilder url = new StringBuilder("/ui/requests");
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(Html.url(e.getValue()));
            sep = '&';
        }
        return url.toString();
    }

    /** The filters of the query string; a value the page never offers is refused (400). */
    static DashboardData.Filter filter(Context ctx) {
        String state = blankToNull(ctx.queryParam("state"));
        RequestState s = null;
        if (state != null) {
            try {
                s = RequestState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("unknown state " + LetheException.quote(state)
                        + ": expected submitted, planned, done or failed");
            }
        }
        String kind = blankToNull(ctx.queryParam("kind"));
        if (kind != null && !DashboardData.KINDS.contains(kind)) {
            throw new InvalidInputException("unknown request kind " + LetheException.quote(kind)
                    + ": expected " + String.join(", ", DashboardData.KINDS));
        }
        String q = blankToNull(ctx.queryParam("q"));
        if (q != null && q.length() > 100) {
            throw new InvalidInputException("a request ID has at most 100 characters");
        }
        return new DashboardData.Filter(s, kind, ctx.queryParam("overdue") != null, q == null ? null : q.trim());
    }

    private static Long cursor(Context ctx, String name) {
        String v = blankToNull(ctx.queryParam(name));
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("'" + name + "' must be a whole number, got " + LetheException.quote(v));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
