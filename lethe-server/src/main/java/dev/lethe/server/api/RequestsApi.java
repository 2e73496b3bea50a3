package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.server.Principal;
import dev.lethe.server.RequestQuery;
import dev.lethe.server.Role;
import dev.lethe.server.RouteTable;
import dev.lethe.server.ServerContext;
import dev.lethe.store.Database;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.RequestStore;
import dev.lethe.store.StoredRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/requests}: submit forget requests (the subject goes in the body, never in a URL),
 * follow them by request ID, list them with filters and pages, and read their receipts. An answer
 * names a subject only by the home's keyed hash (the request's summary), never its ID.
 */
final class RequestsApi {

    /** The kinds of request and the body field that carries each one's argument. */
    private static final List<String> KINDS = List.of("subject", "records", "feature", "class", "labels");

    private final ServerContext context;
    private final RequestOwners owners;

    RequestsApi(ServerContext context) {
        this.context = context;
        this.owners = new RequestOwners(context.home().registry().database());
    }

    void register(ApiRoutes api) {
        api.post("/requests", "submit a forget request", ApiDescriptions.Doc.of(
                        "Body: exactly one of `subject` (an ID), `records` (record IDs), `feature` (a name), `class` (a label) "
                                + "or `labels` (record ID → corrected label, a relabel request), and optionally `id` (your request "
                                + "ID; resubmitting it is harmless). Answers 201 with the request (200 when it already existed).")
                        .body("application/json").status(201), this::submit, Role.OFFICER, Role.CONTROLLER)
                .get("/requests", "list requests", ApiDescriptions.Doc.of(
                        "Requests in order of arrival, a page at a time; `state` (submitted, planned, done, failed), `kind` and "
                                + "`overdue=true` filter them. A controller sees only the requests its key submitted (here or through OpenDSR); "
                                + "an officer sees all.").query("state", "kind", "overdue", "offset", "limit"),
                        this::list, Role.OFFICER, Role.CONTROLLER)
                .get("/requests/{id}", "a request's status", ApiDescriptions.Doc.of(
                        "The request's state, received and due dates, and whether it is overdue. A controller reads only the requests "
                                + "its key submitted (another's answers 404)."),
                        this::status, Role.OFFICER, Role.CONTROLLER)
                .get("/requests/{id}/receipt", "a completed request's receipt", ApiDescriptions.Doc.of(
                        "What was erased from the datasets and, per model, the version, records forgotten, guarantee and "
                                + "state digests; 404 until the request is done."), this::receipt, Role.OFFICER);
    }

    private void submit(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        String id = body.hasNonNull("id") ? Bodies.text(body, "id") : UUID.randomUUID().toString();
        RequestStore.Submission s = context.workflow().submit(id, request(body));
        Principal by = RouteTable.principal(ctx);
        if (s.created()) {
            owners.created(s.id(), by);
        } else {
            owners.resubmitted(s.id(), by);
        }
        ctx.status(s.created() ? 201 : 200).header("Location", "/api/v1/requests/" + s.id())
                .json(describe(context.workflow().status(s.id())));
    }

    private static ForgetRequest request(JsonNode body) {
        List<String> given = KINDS.stream().filter(body::hasNonNull).toList();
        if (given.size() != 1) {
            throw new InvalidInputException("give exactly one of subject, records, feature, class or labels; got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)));
        }
        return switch (given.get(0)) {
            case "subject" -> new ForgetRequest.Subject(Bodies.text(body, "subject"));
            case "records" -> new ForgetRequest.Records(recordIds(body.get("records")));
            case "feature" -> new ForgetRequest.Feature(Bodies.text(body, "feature"));
            case "class" -> new ForgetRequest.ClassLabel(Bodies.text(body, "class"));
            default -> new ForgetRequest.Relabel(labels(body.get("labels")));
        };
    }

    private static Set<Long> recordIds(JsonNode records) {
        if (!records.isArray() || records.isEmpty()) {
            throw new InvalidInputException("field 'records' must be a non-empty array of record IDs");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode r : records) {
            if (!r.canConvertToLong() || !r.isIntegralNumber()) {
                throw new InvalidInputException("field 'records': expected record IDs (integers), got " + LetheException.quote(r.toString()));
            }
            ids.add(r.asLong());
        }
        return ids;
    }

    private static Map<Long, String> labels(JsonNode labels) {
        if (!labels.isObject()) {
            throw new InvalidInputException("field 'labels' must be an object of record ID → label");
        }
        Map<Long, String> out = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> {
            try {
                out.put(Long.parseLong(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException bad) {
                throw new InvalidInputException("field 'labels': " + LetheException.quote(e.getKey()) + " is not a record ID");
            }
        });
        return out;
    }

    /** Filters and pages in SQL: the count and the page read only the matching rows, through the indexes. */
    private void list(Context ctx) {
        String kind = ctx.queryParam("kind");
        RequestQuery query = RequestOwners.scope(new RequestQuery().state(state(ctx.queryParam("state")))
                .kind(kind == null || kind.isBlank() ? null : kind.trim().toLowerCase(Locale.ROOT))
                .overdue(Params.bool(ctx, "overdue"), Instant.now(context.clock())), RouteTable.principal(ctx));
        Database db = context.home().registry().database();
        ctx.json(Params.page(ctx, query.count(db), (offset, limit) -> query.rows(db, true, offset, limit).stream()
                .map(r -> describe(r.id(), r.kind(), r.summary(), r.state(), r.receivedAt(), r.dueAt(), r.doneAt(), r.error()))
                .toList()));
    }

    private static RequestState state(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (RequestState s : RequestState.values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new InvalidInputException("query parameter 'state' must be submitted, planned, done or failed, got "
                + LetheException.quote(text));
    }

    private void status(Context ctx) {
        ctx.json(describe(readable(ctx)));
    }

    /** The request of the path, if the caller may read it; else not found, as for a request that does not exist. */
    private StoredRequest readable(Context ctx) {
        String id = ctx.pathParam("id");
        if (!owners.mayRead(id, RouteTable.principal(ctx))) {
            throw new NotFoundException("unknown request " + LetheException.quote(id));
        }
        return context.workflow().status(id);
    }

    private void receipt(Context ctx) {
        StoredRequest r = readable(ctx);
        RequestReceipt receipt = context.workflow().receipt(r.id()).orElseThrow(() -> new NotFoundException(
                "request " + LetheException.quote(r.id()) + " has no receipt yet: it is " + r.state().name().toLowerCase(Locale.ROOT)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("request_id", receipt.requestId());
        out.put("kind", receipt.kind());
        out.put("summary", receipt.summary());
        out.put("received_at", receipt.receivedAt());
        out.put("due_at", receipt.dueAt());
        out.put("completed_at", receipt.completedAt());
        out.put("batch", receipt.batchId());
        out.put("records_erased", receipt.recordsErased());
        out.put("datasets", receipt.datasets());
        out.put("models", receipt.models().stream().map(RequestsApi::model).toList());
        ctx.json(out);
    }

    private static Map<String, Object> model(ModelReceipt m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.modelName());
        out.put("version", m.version());
        out.put("family", m.receipt().family());
        out.put("records_forgotten", m.receipt().recordCount());
        out.put("guarantee", m.receipt().guarantee().toString());
        out.put("elapsed_ms", m.receipt().elapsed() == null ? null : m.receipt().elapsed().toMillis());
        out.put("digest_before", m.receipt().digestBefore());
        out.put("digest_after", m.receipt().digestAfter());
        out.put("batch_requests", m.batchRequests());
        return out;
    }

    /** A request as the API shows it: never its payload (which names the subject until the request is done). */
    private Map<String, Object> describe(StoredRequest r) {
        return describe(r.id(), r.kind(), r.summary(), r.state(), r.receivedAt(), r.dueAt(), r.doneAt(), r.error());
    }

    private Map<String, Object> describe(String id, String kind, String summary, RequestState state, Instant receivedAt,
                                         Instant dueAt, Instant doneAt, String error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("kind", kind);
        out.put("summary", summary);
        out.put("state", state.name().toLowerCase(Locale.ROOT));
        out.put("received_at", receivedAt);
        out.put("due_at", dueAt);
        out.put("done_at", doneAt);
        out.put("overdue", (state == RequestState.SUBMITTED || state == RequestState.PLANNED) && Instant.now(context.clock()).isAfter(dueAt));
        out.put("error", error);
        out.put("links", Map.of("self", "/api/v1/requests/" + id, "receipt", "/api/v1/requests/" + id + "/receipt"));
        return out;
    }
}
