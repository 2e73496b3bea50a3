package dev.lethe.engine;

import dev.lethe.model.Digests;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestStore;
import dev.lethe.store.StoredRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The front door of the forget workflow: {@link #submit} stores a request durably and returns its
 * ID; a {@link Worker} carries it out; {@link #status} and {@link #receipt} say how far it got.
 * Safe to use from many threads.
 */
public final class Workflow {

    private final Registry registry;
    private final Clock clock;
    private final UnaryOperator<String> subjectHash;

    /**
     * The workflow of a Lethe home: stored summaries name a subject by the home's keyed hash, the one
     * its ledger uses. Summaries stored unkeyed by earlier versions are rewritten first ({@link KeyedSummaries}).
     */
    public static Workflow inHome(LetheHome home) {
        UnaryOperator<String> hash = KeyedSummaries.subjectHash(home);
        KeyedSummaries.migrate(home, hash);
        return new Workflow(home.registry(), Clock.systemUTC(), hash);
    }

    /**
     * A workflow without the home's key: a subject is named by an unkeyed SHA-256 pseudonym, which a
     * dictionary of candidate IDs reverses. For tests and benchmarks; a home's workflow is {@link #inHome}.
     */
    public Workflow(Registry registry) {
        this(registry, Clock.systemUTC());
    }

    /** As {@link #Workflow(Registry)}, with a clock. */
    public Workflow(Registry registry, Clock clock) {
        this(registry, clock, Digests::pseudonym);
    }

    /** @param subjectHash how stored summaries and fingerprints name a subject: the home's keyed hash */
    public Workflow(Registry registry, Clock clock, UnaryOperator<String> subjectHash) {
        this.registry = registry;
        this.clock = clock;
        this.subjectHash = subjectHash;
    }

    /** Stores a request under a new random ID; returns once it is committed. */
    public String submit(ForgetRequest request) {
        return submit(UUID.randomUUID().toString(), request).id();
    }

    /**
     * Stores a request under the caller's ID (e.g. the DPO's ticket number); returns once it is
     * committed. Submitting the same request again under the same ID changes nothing.
     *
     * @throws dev.lethe.store.StoreException when the ID is already used for a different request
     * @throws dev.lethe.model.OptionsException for a request kind the workflow does not take (relabel)
     */
    public RequestStore.Submission submit(String requestId, ForgetRequest request) {
        return registry.requests().submit(prepare(requestId, request));
    }

    /**
     * A request as {@link #submit} would store it (received now, due a month later), for a caller that
     * stores it inside its own transaction with {@link RequestStore#insert}.
     *
     * @throws dev.lethe.model.OptionsException for a bad ID or a request kind the workflow does not take (relabel)
     */
    public RequestStore.NewRequest prepare(String requestId, ForgetRequest request) {
        if (requestId == null || requestId.isBlank() || requestId.length() > 100) {
            throw new dev.lethe.model.OptionsException("a request ID must have 1 to 100 characters, got '" + requestId + "'");
        }
        Instant now = clock.instant();
        return new RequestStore.NewRequest(requestId, request.kind(), RequestCodec.payload(request), request.summary(subjectHash),
                RequestCodec.fingerprint(request, subjectHash), now, DueDates.dueDate(now));
    }

    public StoredRequest status(String requestId) {
        return registry.requests().get(requestId);
    }

    public Optional<RequestReceipt> receipt(String requestId) {
        return registry.requests().receipt(requestId);
    }

    /** Requests in order of arrival (at most {@code limit}); only overdue ones when {@code overdueOnly}. */
    public List<StoredRequest> requests(boolean overdueOnly, int limit) {
        return registry.requests().list(overdueOnly, clock.instant(), limit);
    }
}
