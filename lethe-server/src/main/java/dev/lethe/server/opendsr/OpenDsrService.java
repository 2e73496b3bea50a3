package dev.lethe.server.opendsr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.engine.DueDates;
import dev.lethe.engine.KeyedSummaries;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.server.LetheServer;
import dev.lethe.server.ServerContext;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.GroupCommit;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestStore;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The processor side of OpenDSR 2.0 over a Lethe home, without HTTP: an erasure request becomes one
 * workflow request per subject it names (the worker carries them out); an access or portability
 * request is answered at once with what the home holds about the subject, a results document
 * rendered from the records still held whenever it is fetched. Requests belong to the controller
 * (API key) that sent them; another controller cannot see them.
 */
public final class OpenDsrService {

    public static final String API_VERSION = "2.0";

    /** The most submissions committed in one transaction. */
    private static final int MAX_GROUP = 256;

    private final ServerContext context;
    private final ProcessorIdentity identity;
    private final OpenDsrStore store;
    private final SubjectResolver resolver;
    private final IdentityMap identities;
    private final UnaryOperator<String> keyedHash;
    private final ObjectMapper json = LetheServer.json();
    private final GroupCommit writes;
    private volatile Ledger ledger;

    public OpenDsrService(ServerContext context, ProcessorIdentity identity, IdentityMap identities) {
        this.context = context;
        this.identity = identity;
        this.identities = identities;
        this.store = new OpenDsrStore(context.home().registry().database());
        dev.lethe.store.Database db = context.home().registry().database();
        // H2 serialises commits; a PostgreSQL commit mostly waits for the log flush, so a second group is written meanwhile
        this.writes = new GroupCommit(db, MAX_GROUP, db.dialect() == dev.lethe.store.Dialect.POSTGRESQL ? 2 : 1);
        this.resolver = new SubjectResolver(context.home().registry(), identities);
        this.keyedHash = KeyedSummaries.subjectHash(context.home());
    }

    public ProcessorIdentity identity() {
        return identity;
    }

    public IdentityMap identities() {
        return identities;
    }

    ObjectMapper json() {
        return json;
    }

    OpenDsrStore store() {
        return store;
    }

    /** Parses a request body with this home's keyed fingerprint. */
    DsrRequest parse(byte[] body) {
        DsrRequest request = DsrRequest.parse(body, json, keyedHash);
        resolver.checkSupported(request.identities());
        return request;
    }

    /**
     * Accepts a request, or returns the one stored under its ID when the same controller sent the same
     * request before (idempotent); a different request under a used ID is refused.
     */
    OpenDsrStore.Stored submit(DsrRequest r, String controllerId) {
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        // a raw identity is the subject ID: an erasure by raw identities needs no lookup (the workflow
        // erases the subject wherever it is held, and a subject held nowhere gets an empty receipt)
        Map<String, Set<Long>> subjects = r.isErasure() && r.identities().stream().noneMatch(i -> i.format().isHashed())
                ? rawSubjects(r) : resolver.resolve(r.identities());
        List<RequestStore.NewRequest> parts = new ArrayList<>();
        String results = null;
        if (r.isErasure()) {
            int n = 0;
            for (String subject : subjects.keySet()) {
                String part = n++ == 0 ? r.subjectRequestId() : r.subjectRequestId() + "." + n;
                parts.add(context.workflow().prepare(part, new ForgetRequest.Subject(subject)));
            }
        } else {
            results = heldRecords(subjects);
        }
        OpenDsrStore.Stored stored = new OpenDsrStore.Stored(r.subjectRequestId(), controllerId, r.type(), r.regulation(),
                r.fingerprint(), r.callbackUrls().stream().map(Object::toString).toList(), now,
                parts.isEmpty() ? DueDates.dueDate(now) : parts.get(0).dueAt(), null, results,
                parts.stream().map(RequestStore.NewRequest::id).toList());
        DsrStatus initial = parts.isEmpty() ? DsrStatus.COMPLETED : DsrStatus.PENDING;
        try {
            // the workflow's requests and the OpenDSR rows commit together, in a group commit shared with
            // concurrent submissions: the caller answers 201 only once they are committed
            writes.run(c -> {
                for (RequestStore.NewRequest part : parts) {
                    context.home().registry().requests().insert(c, part);
                }
                store.insert(c, stored, initial, now.toEpochMilli());
                return null;
            });
            return stored;
        } catch (StoreException e) {
            if (!OpenDsrStore.isUniqueViolation(e)) {
                throw e;
            }
        }
        return resubmitted(r, controllerId, stored, parts, initial);
    }

    /**
     * A request whose ID is stored already: the same request from the same controller is answered as
     * stored (idempotent), a different one refused. Its workflow parts may exist without the OpenDSR
     * row (a native-API request under the same ID): the parts are then submitted one by one, as the
     * workflow's own idempotence allows, and the row added.
     */
    private OpenDsrStore.Stored resubmitted(DsrRequest r, String controllerId, OpenDsrStore.Stored fresh,
                                            List<RequestStore.NewRequest> parts, DsrStatus initial) {
        for (RequestStore.NewRequest part : parts) {
            try {
                context.home().registry().requests().submit(part);
            } catch (StoreException e) {
                if (e.kind() == LetheException.Kind.CONFLICT) {
                    throw usedBefore(r);
                }
                throw e;
            }
        }
        Instant due = parts.isEmpty() ? fresh.dueAt() : context.workflow().status(parts.get(0).id()).dueAt();
        OpenDsrStore.Stored stored = new OpenDsrStore.Stored(fresh.id(), fresh.controllerId(), fresh.type(), fresh.regulation(),
                fresh.fingerprint(), fresh.callbackUrls(), fresh.receivedAt(), due, null, fresh.results(), fresh.parts());
        if (!store.insert(stored, initial, fresh.receivedAt().toEpochMilli())) {
            return same(store.find(r.subjectRequestId()).orElseThrow(), r, controllerId);
        }
        return stored;
    }

    private static Map<String, Set<Long>> rawSubjects(DsrRequest r) {
        Map<String, Set<Long>> out = new TreeMap<>();
        r.identities().forEach(i -> out.put(i.value(), Set.of()));
        return out;
    }

    private static OpenDsrStore.Stored same(OpenDsrStore.Stored stored, DsrRequest r, String controllerId) {
        if (!stored.controllerId().equals(controllerId) || !stored.fingerprint().equals(r.fingerprint())
                || !stored.callbackUrls().equals(r.callbackUrls().stream().map(Object::toString).toList())) {
            throw usedBefore(r);
        }
        return stored;
    }

    private static InvalidInputException usedBefore(DsrRequest r) {
        return new InvalidInputException("subject_request_id " + r.subjectRequestId() + " is already used for a different request");
    }

    /** The records held of each subject in the datasets that hold its identity, as {dataset ID: [record IDs]}. */
    private String heldRecords(Map<String, Set<Long>> subjects) {
        Map<String, List<Located>> found = context.home().registry().database()
                .read(c -> context.home().registry().datasets().recordsOfSubjects(c, new ArrayList<>(subjects.keySet())));
        Map<Long, List<Long>> byDataset = new TreeMap<>();
        found.forEach((subject, records) -> {
            for (Located l : records) {
                if (subjects.get(subject).contains(l.datasetId())) {
                    byDataset.computeIfAbsent(l.datasetId(), k -> new ArrayList<>()).add(l.recordId());
                }
            }
        });
        ObjectNode out = json.createObjectNode();
        byDataset.forEach((dataset, ids) -> ids.stream().sorted().forEach(out.withArray(String.valueOf(dataset))::add));
        return out.toString();
    }

    /** The request {@code id} of {@code controllerId}. */
    OpenDsrStore.Stored get(String id, String controllerId) {
        if (!DsrRequest.isRequestId(id)) {
            throw new InvalidInputException("subject_request_id must be a lowercase UUID v4");
        }
        return store.find(id).filter(s -> s.controllerId().equals(controllerId))
                .orElseThrow(() -> new NotFoundException("no request " + id + " from this controller"));
    }

    DsrStatus status(OpenDsrStore.Stored s) {
        if (s.cancelledAt() != null) {
            return DsrStatus.CANCELLED;
        }
        List<RequestState> states = new ArrayList<>();
        for (String part : s.parts()) {
            states.add(context.workflow().status(part).state());
        }
        return DsrStatus.of(states);
    }

    /** Cancels a pending request (section 9); a request already being carried out cannot be. */
    void cancel(OpenDsrStore.Stored s) {
        DsrStatus status = status(s);
        if (status == DsrStatus.CANCELLED) {
            return;
        }
        if (status != DsrStatus.PENDING || !store.cancel(s.id(), s.parts(), context.clock().millis())) {
            throw new InvalidInputException("request " + s.id() + " can no longer be cancelled: it is "
                    + (status == DsrStatus.PENDING ? DsrStatus.IN_PROGRESS : status).wireName());
        }
    }

    /**
     * The status object of sections 8.3 and 8.6 (without {@code status_callback_url}): {@code baseUrl}
     * is where this processor is reached, for {@code results_url}.
     */
    ObjectNode statusBody(OpenDsrStore.Stored s, DsrStatus status, String baseUrl) {
        ObjectNode body = json.createObjectNode();
        body.put("controller_id", s.controllerId());
        body.put("expected_completion_time", rfc3339(s.dueAt()));
        body.put("subject_request_id", s.id());
        body.put("request_status", status.wireName());
        body.put("api_version", API_VERSION);
        if (s.results() != null && status == DsrStatus.COMPLETED) {
            body.put("results_url", baseUrl + "/requests/" + s.id() + "/results");
            body.put("results_count", resultsCount(s));
        }
        ObjectNode extension = extension(s, status);
        if (extension != null) {
            body.putObject("extensions").set(identity.domain(), extension);
        }
        return body;
    }

    private int resultsCount(OpenDsrStore.Stored s) {
        int n = 0;
        for (Map.Entry<Long, Lineage> e : heldByDataset(s).entrySet()) {
            n += (int) e.getValue().size();
        }
        return n;
    }

    /**
     * Beyond the standard, under the processor's domain: for a completed erasure, what each model did
     * (new version, records forgotten, guarantee) and the ledger entry that proves it; for a cancelled
     * request whether the controller cancelled it or the workflow failed it.
     */
    private ObjectNode extension(OpenDsrStore.Stored s, DsrStatus status) {
        if (status == DsrStatus.CANCELLED) {
            ObjectNode ext = json.createObjectNode();
            ext.put("cancelled_by", s.cancelledAt() != null ? "controller" : "processor: the erasure failed");
            return ext;
        }
        if (status != DsrStatus.COMPLETED || !s.type().equals("erasure")) {
            return null;
        }
        ObjectNode ext = json.createObjectNode();
        int erased = 0;
        ArrayNode models = ext.putArray("models");
        ArrayNode entries = ext.putArray("ledger");
        for (String part : s.parts()) {
            Optional<RequestReceipt> receipt = context.workflow().receipt(part);
            if (receipt.isEmpty()) {
                continue;
            }
            erased += receipt.get().recordsErased();
            Optional<LedgerEntry> entry = ledgerEntry(part);
            entry.ifPresent(e -> entries.addObject().put("entry", e.seq()).put("hash", e.hash()));
            for (ModelReceipt m : receipt.get().models()) {
                ObjectNode model = models.addObject();
                model.put("model", m.modelName());
                model.put("version", m.version());
                model.put("records_forgotten", m.receipt().recordCount());
                model.put("guarantee", m.receipt().guarantee().toString());
                entry.ifPresent(e -> model.put("ledger_entry", e.seq()).put("ledger_hash", e.hash()));
            }
        }
        ext.put("records_erased", erased);
        return ext;
    }

    private Optional<LedgerEntry> ledgerEntry(String requestId) {
        try {
            Ledger l = ledger;
            if (l == null) {
                l = ledger = Ledger.open(context.home());
            }
            return l.find(requestId);
        } catch (LetheException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The results document of an access or portability request: the records still held, and the models trained on them. */
    ObjectNode results(OpenDsrStore.Stored s) {
        if (s.results() == null) {
            throw new NotFoundException("request " + s.id() + " is an erasure: it has no results");
        }
        ObjectNode doc = json.createObjectNode();
        doc.put("subject_request_id", s.id());
        doc.put("subject_request_type", s.type());
        doc.put("generated_time", rfc3339(context.clock().instant()));
        ArrayNode datasets = doc.putArray("datasets");
        ArrayNode models = doc.putArray("models");
        for (Map.Entry<Long, Lineage> e : heldByDataset(s).entrySet()) {
            DatasetInfo info = context.home().registry().datasets().get(e.getKey());
            ObjectNode d = datasets.addObject();
            d.put("dataset", info.name());
            ArrayNode records = d.putArray("records");
            Dataset data = context.home().registry().datasets().load(e.getKey(), e.getValue());
            Schema schema = data.schema();
            for (int row = 0; row < data.size(); row++) {
                ObjectNode record = records.addObject();
                record.put("record_id", data.recordId(row));
                ObjectNode values = record.putObject("values");
                for (int f = 0; f < schema.numFeatures(); f++) {
                    values.put(schema.feature(f).name(), schema.feature(f).format(data.value(row, f)));
                }
                values.put(schema.target().name(), schema.target().format(data.target(row)));
            }
            for (ModelInfo m : context.home().registry().models().list()) {
                if (m.datasetId() == e.getKey()) {
                    long held = context.home().registry().models().version(m.name(), m.currentVersion()).lineage().and(e.getValue()).size();
                    models.addObject().put("model", m.name()).put("family", m.family()).put("version", m.currentVersion())
                            .put("dataset", info.name()).put("records_trained_on", held);
                }
            }
        }
        return doc;
    }

    /** The stored result records that the registry still holds, by dataset. */
    private Map<Long, Lineage> heldByDataset(OpenDsrStore.Stored s) {
        Map<Long, Lineage> out = new TreeMap<>();
        try {
            JsonNode stored = json.readTree(s.results());
            stored.fields().forEachRemaining(e -> {
                long dataset = Long.parseLong(e.getKey());
                long[] ids = new long[e.getValue().size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = e.getValue().get(i).asLong();
                }
                Lineage held = Lineage.of(ids).and(context.home().registry().datasets().liveRecords(dataset));
                if (!held.isEmpty()) {
                    out.put(dataset, held);
                }
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored results of " + s.id() + " are not JSON", e);
        }
        return out;
    }

    Instant now() {
        return context.clock().instant();
    }

    /** An RFC 3339 date-time in UTC, to the second. */
    static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
