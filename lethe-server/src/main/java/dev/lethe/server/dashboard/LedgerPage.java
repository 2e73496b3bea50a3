package dev.lethe.server.dashboard;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.model.InvalidInputException;
import io.javalin.http.Context;
import java.util.List;

/**
 * The ledger: whether it verifies (every hash, signature and link, the signed head, and what the
 * registry recorded, as {@code lethe ledger verify} checks) and its entries, newest first, with
 * subjects as keyed hashes; subject reveals are marked as such. Officers only.
 */
final class LedgerPage {

    static final int PAGE_SIZE = 50;

    private final Ledger ledger;
    private final LedgerCheck check;

    LedgerPage(Ledger ledger, LedgerCheck check) {
        this.ledger = ledger;
        this.check = check;
    }

    void render(Context ctx, Session session) {
        int page = page(ctx);
        LedgerVerification v = check.result();
        List<LedgerEntry> entries = ledger.entries();

        StringBuilder html = new StringBuilder(16_384);
        html.append("<p class=\"verification ").append(v.valid() ? "valid" : "invalid").append("\" id=\"verification\">")
                .append(v.valid() ? "✔ Verified: " + v.entries() + " entries, every hash, signature and link, the signed head and "
                        + "the registry's record agree."
                        : "✘ Not intact at entry " + v.firstBad() + ": " + Html.text(v.problem()))
                .append("</p>\n");
        int last = entries.size() - page * PAGE_SIZE;
        int first = Math.max(0, last - PAGE_SIZE);
        if (last <= 0) {
            html.append("<p class=\"empty\">").append(entries.isEmpty() ? "The ledger is empty." : "No entries on this page.").append("</p>");
        } else {
            html.append("<table class=\"ledger\"><thead><tr><th>#</th><th>Recorded</th><th>Request</th><th>Kind</th><th>What</th>")
                    .append("<th>Records</th><th>Guarantee</th><th>Hash</th></tr></thead><tbody>");
            for (int i = last - 1; i >= first; i--) {
                row(html, entries.get(i));
            }
            html.append("</tbody></table>");
        }
        html.append("<nav class=\"pager\">");
        if (page > 0) {
            html.append("<a rel=\"prev\" href=\"/ui/ledger?page=").append(page - 1).append("\">← Newer</a>");
        }
        if (first > 0) {
            html.append("<a rel=\"next\" href=\"/ui/ledger?page=").append(page + 1).append("\">Older →</a>");
        }
        html.append("</nav>");
        Layout.render(ctx, session, "Ledger", html.toString());
    }

    private static void row(StringBuilder html, LedgerEntry e) {
        boolean reveal = Ledger.isReveal(e);
        String request = reveal ? Ledger.revealedRequest(e) : e.requestId();
        html.append("<tr").append(reveal ? " class=\"reveal\"" : "").append("><td>").append(e.seq()).append("</td><td>")
                .append(Html.time(e.recordedAt())).append("</td><td>");
        if (request != null) {
            html.append("<a href=\"/ui/requests/").append(Html.text(Html.url(request))).append("\">").append(Html.text(request)).append("</a>");
        }
        html.append("</td><td>").append(reveal ? "<span class=\"badge reveal\">subject revealed</span>" : Html.text(e.requestKind()))
                .append("</td><td>").append(Html.text(e.request()))
                .append(reveal ? " by key " + Html.text(e.details().get("revealedBy")) : "")
                .append("</td><td>").append(e.records().length).append("</td><td>").append(Html.text(e.guarantee()))
                .append("</td><td><code title=\"").append(Html.text(e.hash())).append("\">").append(Html.text(RequestPage.abbreviate(e.hash())))
                .append("</code></td></tr>");
    }

    private static int page(Context ctx) {
        String p = ctx.queryParam("page");
        if (p == null || p.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(p);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("'page' must be a whole number from 0, got " + dev.lethe.model.LetheException.quote(p));
        }
    }
}
