package dev.lethe.engine;

import dev.lethe.audit.ledger.HomeSecrets;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.SubjectKeyCheck;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.store.RequestStore.Summary;
import dev.lethe.store.RequestStore.UnkeyedSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Brings request summaries stored before they were keyed up to date. Earlier versions stored a
 * subject request's summary as {@code subject sha256:…}, an unkeyed hash that a list of candidate
 * IDs (e-mail addresses, say) reverses, and its fingerprint as an unkeyed SHA-256 of the ID. An open
 * or failed request still holds the subject ID, so both are recomputed with the home's keyed hash. A
 * done request holds the ID no longer: its summary takes the subject's keyed hash from the ledger
 * entry of the request when there is one, else it keeps no hash at all; its fingerprint is dropped
 * (resubmitting that request ID is then reported as a conflict). The old values are then scrubbed
 * from the registry's storage like erased data.
 */
public final class KeyedSummaries {

    /** The summary of a done request whose subject's keyed hash is not known (no ledger entry). */
    static final String WITHHELD = "subject (unkeyed hash removed)";
    /** The fingerprint of a done request whose subject can no longer be hashed. */
    static final String NO_FINGERPRINT = "-";

    private KeyedSummaries() {
    }

    /**
     * The keyed hash of subject IDs of an open home, once its secret is known to be the one every home of
     * its registry uses ({@link SubjectKeyCheck}).
     *
     * @throws dev.lethe.model.ConflictException naming the key file when the registry's homes use another secret
     */
    public static UnaryOperator<String> subjectHash(LetheHome home) {
        SubjectKeyCheck.verify(home.dir(), home.registry().database());
        return subjectHash(home.dir());
    }

    /** The home's keyed hash of subject IDs (the one its ledger uses), not checked against a registry. */
    public static UnaryOperator<String> subjectHash(Path homeDir) {
        return new dev.lethe.audit.ledger.SubjectHasher(HomeSecrets.at(homeDir).subjectSecret())::hash;
    }

    /**
     * Rewrites every unkeyed subject summary of the home's registry with {@code subjectHash}, then
     * scrubs the old ones from its storage.
     *
     * @return how many requests were rewritten
     */
    public static int migrate(LetheHome home, UnaryOperator<String> subjectHash) {
        List<UnkeyedSummary> unkeyed = home.registry().requests().unkeyedSubjectSummaries();
        if (unkeyed.isEmpty()) {
            home.registry().requests().markSummariesKeyed();
            return 0;
        }
        Map<String, String> ledgerSubjects = null;
        Map<String, Summary> rewritten = new LinkedHashMap<>();
        for (UnkeyedSummary r : unkeyed) {
            if (r.state() != RequestState.DONE) {
                ForgetRequest.Subject request = new ForgetRequest.Subject(r.payload());
                rewritten.put(r.id(), new Summary(request.summary(subjectHash), RequestCodec.fingerprint(request, subjectHash)));
                continue;
            }
            if (ledgerSubjects == null) {
                ledgerSubjects = ledgerSubjects(home);
            }
            String keyed = ledgerSubjects.get(r.id());
            rewritten.put(r.id(), new Summary(keyed == null ? WITHHELD : "subject " + keyed, NO_FINGERPRINT));
        }
        home.registry().requests().replaceSummaries(rewritten);
        home.registry().scrubErasedData();
        home.registry().requests().markSummariesKeyed();
        return rewritten.size();
    }

    /** Request ID → the subject's keyed hash, from the home's ledger (empty when it has none). */
    private static Map<String, String> ledgerSubjects(LetheHome home) {
        Map<String, String> out = new HashMap<>();
        if (home.registry().database().dialect() == dev.lethe.store.Dialect.POSTGRESQL
                || Files.exists(home.dir().resolve(Ledger.FILE))) {
            for (LedgerEntry e : Ledger.open(home).entries()) {
                if (e.requestId() != null && e.subject() != null) {
                    out.put(e.requestId(), e.subject());
                }
            }
        }
        return out;
    }
}
