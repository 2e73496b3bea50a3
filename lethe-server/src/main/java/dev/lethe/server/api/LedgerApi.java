package dev.lethe.server.api;

import dev.lethe.audit.ledger.InclusionProof;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerExpectation;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/ledger}: the home's signed, hash-chained ledger of forget receipts, a page at a
 * time, its verification against the registry (as {@code lethe ledger verify}), and one receipt's
 * inclusion proof (as {@code lethe ledger proof}). Subjects
 * appear only as the home's keyed hash. For officers.
 */
final class LedgerApi {

    private final ServerContext context;

    LedgerApi(ServerContext context) {
        this.context = context;
    }

    void register(ApiRoutes api) {
        api.get("/ledger", "ledger entries", ApiDescriptions.Doc.of(
                        "The ledger's entries, oldest first, a page at a time: receipt, guarantee, digests, hash chain and signature.")
                        .query("offset", "limit"), this::entries, Role.OFFICER)
                .get("/ledger/verify", "verify the ledger", ApiDescriptions.Doc.of(
                        "Checks every entry's hash, signature and chain link and the ledger against the registry's record of "
                                + "it; `valid` is false naming the first bad entry."), this::verify, Role.OFFICER)
                .get("/ledger/proof/{id}", "a receipt's inclusion proof", ApiDescriptions.Doc.of(
                        "The proof that the ledger entry of request `id` is in the signed ledger: the entry, its Merkle "
                                + "audit path (RFC 9162) to the root its batch's Ed25519 signature covers, the signature and "
                                + "the public key; `lethe ledger check-proof` checks it offline."), this::proof, Role.OFFICER);
    }

    private void proof(Context ctx) {
        String id = ctx.pathParam("id");
        InclusionProof proof = Ledger.open(context.home()).proof(id).orElseThrow(() -> new NotFoundException(
                "request " + LetheException.quote(id) + " has no ledger entry"));
        ctx.contentType("application/json").result(proof.toJson());
    }

    private void entries(Context ctx) {
        ctx.json(Params.page(ctx, Ledger.open(context.home()).entries(), LedgerApi::entry));
    }

    private void verify(Context ctx) {
        LedgerVerification v = Ledger.open(context.home()).verify(LedgerExpectation.recordedIn(context.home().registry().database()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", v.valid());
        out.put("entries", v.entries());
        if (!v.valid()) {
            out.put("first_bad", v.firstBad());
            out.put("problem", v.problem());
        }
        ctx.json(out);
    }

    private static Map<String, Object> entry(LedgerEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("recorded_at", e.recordedAt());
        m.put("family", e.family());
        m.put("request_kind", e.requestKind());
        m.put("request", e.request());
        m.put("subject", e.subject());
        m.put("records", e.records().length);
        m.put("guarantee", e.guarantee());
        m.put("elapsed_nanos", e.elapsedNanos());
        m.put("digest_before", e.digestBefore());
        m.put("digest_after", e.digestAfter());
        m.put("previous_hash", e.previousHash());
        m.put("hash", e.hash());
        m.put("signature", e.signature());
        return m;
    }
}
