package dev.lethe.server.dashboard;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ConflictException;
import dev.lethe.model.InvalidInputException;
import dev.lethe.server.Principal;
import dev.lethe.store.LedgerHeads;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * Shows an officer the subject ID of a subject request that is still open (or failed): the only
 * place where the dashboard shows a subject ID in clear, in the body of the answer to a form post,
 * never in a URL. The reveal is recorded in the ledger first ({@link Ledger#appendReveal}); if that
 * fails, nothing is shown. A completed request's subject ID is erased and cannot be revealed.
 */
final class Reveal {

    private final Registry registry;
    private final Ledger ledger;
    private final LedgerHeads heads;

    Reveal(Registry registry, Ledger ledger) {
        this.registry = registry;
        this.ledger = ledger;
        this.heads = new LedgerHeads(registry.database());
    }

    void handle(Context ctx, Session session) {
        Principal officer = session.principal().orElseThrow();
        StoredRequest r = registry.requests().get(ctx.pathParam("id"));
        if (!"subject".equals(r.kind())) {
            throw new InvalidInputException("request " + r.id() + " is a " + r.kind() + " request; only subject requests name a subject");
        }
        if (r.state() == RequestState.DONE) {
            throw new ConflictException("request " + r.id() + " is completed: its subject ID was erased and only its keyed hash remains");
        }
        LedgerEntry entry = ledger.appendReveal(r.id(), r.payload(), officer.keyId());
        if (heads.recorded().isPresent()) { // keep the registry's record of the ledger's end current
            heads.record(entry.seq(), entry.hash(), Long.MAX_VALUE, Instant.now());
        }
        String link = "/ui/requests/" + Html.url(r.id());
        Layout.render(ctx, session, "Subject of request " + r.id(), "<dl class=\"facts\"><dt>Subject ID</dt><dd><code id=\"subject-id\">"
                + Html.text(r.payload()) + "</code></dd><dt>Recorded</dt><dd>ledger entry <span id=\"reveal-entry\">" + entry.seq()
                + "</span>, " + Html.time(entry.recordedAt()) + ", by key " + Html.text(officer.keyId()) + "</dd></dl>"
                + "<p><a href=\"" + Html.text(link) + "\">Back to the request</a></p>");
    }
}
