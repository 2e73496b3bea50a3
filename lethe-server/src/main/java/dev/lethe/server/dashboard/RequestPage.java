package dev.lethe.server.dashboard;

import dev.lethe.audit.ledger.InclusionProof;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerException;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One request: what was asked, its timeline (submitted, planned, forgotten by each model, erased,
 * receipted, recorded in the ledger), each model's receipt with its guarantee, and the ledger entry
 * that proves it. An officer may reveal the subject ID of an open subject request from here.
 */
final class RequestPage {

    private final DashboardData data;
    private final Ledger ledger;
    private final LedgerCheck check;

    RequestPage(DashboardData data, Ledger ledger, LedgerCheck check) {
        this.data = data;
        this.ledger = ledger;
        this.check = check;
    }

    private record Event(Instant at, String what) {
    }

    void render(Context ctx, Session session) {
        Principal viewer = session.principal().orElseThrow();
        StoredRequest r = data.registry().requests().get(ctx.pathParam("id"));
        Optional<RequestReceipt> receipt = data.registry().requests().receipt(r.id());
        Optional<LedgerEntry> entry = r.state() == RequestState.DONE ? ledger.find(r.id()) : Optional.empty();
        Instant now = data.now();

        StringBuilder html = new StringBuilder(8192);
        html.append("<dl class=\"facts\"><dt>Request</dt><dd><code>").append(Html.text(r.id())).append("</code></dd>")
                .append("<dt>Kind</dt><dd>").append(Html.text(r.kind())).append("</dd>")
                .append("<dt>What</dt><dd>").append(Html.text(Subjects.visible(r.summary(), viewer))).append("</dd>")
                .append("<dt>State</dt><dd>").append(RequestCounts.badge(r.state()))
                .append(r.isOverdue(now) ? " <span class=\"badge overdue\">overdue</span>" : "").append("</dd>")
                .append("<dt>Received</dt><dd>").append(Html.time(r.receivedAt())).append("</dd>")
                .append("<dt>Due</dt><dd>").append(Html.time(r.dueAt())).append(" <span class=\"hint\">(one month, GDPR Art. 12(3))</span></dd>");
        if (r.error() != null) {
            html.append("<dt>Failed</dt><dd class=\"problem\">").append(Html.text(r.error())).append("</dd>");
        }
        html.append("</dl>\n");
        reveal(html, r, session, viewer);

        html.append("<h2>Timeline</h2><ol class=\"timeline\">");
        for (Event e : timeline(r, receipt, entry)) {
            html.append("<li><time>").append(Html.time(e.at())).append("</time> ").append(e.what()).append("</li>");
        }
        html.append("</ol>\n");

        html.append("<h2>Receipt</h2>");
        if (receipt.isEmpty()) {
            html.append("<p class=\"empty\">No receipt yet: a receipt is written when the request completes.</p>");
        } else {
            receiptTable(html, receipt.get());
        }
        html.append("<h2>Ledger proof</h2>");
        if (entry.isEmpty()) {
            html.append("<p class=\"empty\">No ledger entry").append(r.state() == RequestState.DONE ? " for this request." : " yet.").append("</p>");
        } else {
            proof(html, entry.get(), seal(entry.get()), viewer, check);
        }
        Layout.render(ctx, session, "Request " + r.id(), html.toString());
    }

    private static void reveal(StringBuilder html, StoredRequest r, Session session, Principal viewer) {
        if (!"subject".equals(r.kind())) {
            return;
        }
        if (r.state() == RequestState.DONE) {
            html.append("<p class=\"hint\">The subject ID was erased when the request completed; only its keyed hash remains.</p>");
        } else if (viewer.role() == Role.OFFICER) {
            html.append("<form class=\"reveal\" method=\"post\" action=\"/ui/requests/").append(Html.text(Html.url(r.id())))
                    .append("/reveal\">").append(Csrf.field(session))
                    .append("<button type=\"submit\" id=\"reveal\">Reveal the subject ID</button>")
                    .append(" <span class=\"hint\">The reveal is recorded in the ledger under your key.</span></form>\n");
        }
    }

    private List<Event> timeline(StoredRequest r, Optional<RequestReceipt> receipt, Optional<LedgerEntry> entry) {
        List<Event> events = new ArrayList<>();
        events.add(new Event(r.receivedAt(), "Submitted"));
        if (r.batchId() != null) {
            data.batch(r.batchId()).ifPresent(b -> events.add(new Event(b.planned(), "Planned into batch " + r.batchId())));
        }
        receipt.ifPresent(rr -> {
            for (ModelReceipt m : rr.models()) {
                ForgetReceipt f = m.receipt();
                events.add(new Event(f.at(), "Forgotten by model <strong>" + Html.text(m.modelName()) + "</strong> (version "
                        + m.version() + ", " + f.recordCount() + " record" + (f.recordCount() == 1 ? "" : "s") + ", "
                        + Html.text(f.guarantee()) + ")"));
            }
            events.add(new Event(rr.completedAt(), "Erased " + rr.recordsErased() + " stored record" + (rr.recordsErased() == 1 ? "" : "s")
                    + (rr.datasets().isEmpty() ? "" : " from " + Html.text(String.join(", ", rr.datasets())))));
            events.add(new Event(rr.completedAt(), "Receipted"));
        });
        data.receiptDelivered(r.id()).ifPresent(at -> events.add(new Event(at, "Receipt delivered")));
        entry.ifPresent(e -> events.add(new Event(e.recordedAt(), "Recorded in the ledger as entry " + e.seq())));
        if (r.state() == RequestState.FAILED && r.doneAt() != null) {
            events.add(new Event(r.doneAt(), "Failed"));
        }
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private static void receiptTable(StringBuilder html, RequestReceipt rr) {
        html.append("<p>").append(rr.recordsErased()).append(" stored record").append(rr.recordsErased() == 1 ? "" : "s")
                .append(" erased").append(rr.datasets().isEmpty() ? "" : " from " + Html.text(String.join(", ", rr.datasets())))
                .append(", completed ").append(Html.time(rr.completedAt())).append(".</p>");
        if (rr.models().isEmpty()) {
            html.append("<p class=\"empty\">No model held these records.</p>");
            return;
        }
        html.append("<table class=\"receipts\"><thead><tr><th>Model</th><th>New version</th><th>Family</th><th>Records</th>")
                .append("<th>Guarantee</th><th>Time</th><th>State digest before → after</th></tr></thead><tbody>");
        for (ModelReceipt m : rr.models()) {
            ForgetReceipt f = m.receipt();
            html.append("<tr><td>").append(Html.text(m.modelName())).append("</td><td>").append(m.version()).append("</td><td>")
                    .append(Html.text(f.family())).append("</td><td>").append(f.recordCount()).append("</td><td><span class=\"guarantee\">")
                    .append(Html.text(f.guarantee())).append("</span></td><td>").append(Html.duration(f.elapsed())).append("</td><td><code>")
                    .append(Html.text(abbreviate(f.digestBefore()))).append("</code> → <code>").append(Html.text(abbreviate(f.digestAfter())))
                    .append("</code></td></tr>");
        }
        html.append("</tbody></table>\n");
    }

    /**
     * The signature that covers the entry: its own in a ledger written before batches were sealed, else the
     * one on the last entry of its batch, over the Merkle root of the batch ({@link InclusionProof}).
     */
    private String seal(LedgerEntry e) {
        if (!e.signature().isEmpty()) {
            return "<code class=\"hash\">" + Html.text(e.signature()) + "</code>";
        }
        try {
            InclusionProof p = ledger.proofAt(e.seq());
            return "<code class=\"hash\">" + Html.text(p.signature()) + "</code> <span class=\"hint\">on entry " + p.batchLast()
                    + ", over the Merkle root of entries " + p.batchFirst() + "–" + p.batchLast() + " (this entry's audit path: "
                    + p.path().size() + " hashes; <code>lethe ledger proof " + Html.text(e.requestId() == null ? "--seq " + e.seq()
                    : e.requestId()) + "</code>)</span>";
        } catch (LedgerException ex) {
            return "<span class=\"problem\">" + Html.text(ex.getMessage()) + "</span>";
        }
    }

    private static void proof(StringBuilder html, LedgerEntry e, String seal, Principal viewer, LedgerCheck check) {
        html.append("<dl class=\"facts proof\"><dt>Entry</dt><dd>").append(e.seq()).append("</dd>")
                .append("<dt>Recorded</dt><dd>").append(Html.time(e.recordedAt())).append("</dd>")
                .append("<dt>Guarantee</dt><dd>").append(Html.text(e.guarantee())).append("</dd>");
        if (e.subject() != null) {
            html.append("<dt>Subject</dt><dd><code>").append(Html.text(Subjects.visible(e.subject(), viewer))).append("</code></dd>");
        }
        html.append("<dt>Hash (SHA-256)</dt><dd><code class=\"hash\">").append(Html.text(e.hash())).append("</code></dd>")
                .append("<dt>Previous hash</dt><dd><code class=\"hash\">").append(Html.text(e.previousHash())).append("</code></dd>")
                .append("<dt>Signature (Ed25519)</dt><dd id=\"seal\">").append(seal).append("</dd>")
                .append("<dt>Ledger</dt><dd>").append(ledgerStatus(check.result(), e.seq())).append("</dd></dl>")
                .append(viewer.role() == Role.OFFICER ? "<p><a href=\"/ui/ledger\">The whole ledger</a></p>" : "");
    }

    /** Whether the ledger, and so this entry's hash, signature and place in the chain, verifies. */
    private static String ledgerStatus(dev.lethe.audit.ledger.LedgerVerification v, long seq) {
        if (v.valid()) {
            return "<span class=\"ok\" id=\"proof-status\">✔ the ledger verifies (" + v.entries()
                    + " entries), this entry's hash, signature and link included</span>";
        }
        return "<span class=\"problem\" id=\"proof-status\">✘ the ledger is not intact at entry " + v.firstBad()
                + (v.firstBad() <= seq ? " (at or before this one)" : "") + ": " + Html.text(v.problem()) + "</span>";
    }

    static String abbreviate(String digest) {
        return digest == null ? "–" : digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
    }
}
