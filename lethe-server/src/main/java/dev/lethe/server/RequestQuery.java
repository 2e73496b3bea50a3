package dev.lethe.server;

import dev.lethe.store.Database;
import dev.lethe.store.RequestState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A filtered selection of forget requests, done in SQL for the native API's request list and the
 * dashboard's requests page, so a page or a count reads only the matching rows through the indexes
 * that lead with each filter (state: {@code requests_state}, kind: {@code requests_kind}; V1, V40; overdue: the
 * few open requests through {@code requests_state}, V181) and never a request's payload (which names the subject until
 * the request is done). Conditions are added one by one; every value is a bound parameter.
 */
public final class RequestQuery {

    /** A request as lists show it: no payload. */
    public record Row(String id, long seq, String kind, String summary, RequestState state, Long batchId,
                      Instant receivedAt, Instant dueAt, Instant doneAt, String error) {
        public boolean isOverdue(Instant now) {
            return (state == RequestState.SUBMITTED || state == RequestState.PLANNED) && now.isAfter(dueAt);
        }
    }

    private static final String COLUMNS = "id, seq, kind, summary, state, batch_id, received_at, due_at, done_at, error";

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();
    /** The column of an equality filter, which the order then leads with so that its index yields rows in order. */
    private String lead;

    public RequestQuery state(RequestState state) {
        if (state != null) {
            conditions.add("state = ?");
            params.add(state.name());
            lead = lead == null ? "state" : lead;
        }
        return this;
    }

    public RequestQuery kind(String kind) {
        if (kind != null) {
            conditions.add("kind = ?");
            params.add(kind);
            lead = lead == null ? "kind" : lead;
        }
        return this;
    }

    /** Only the open requests past their due date at {@code now}. */
    public RequestQuery overdue(boolean overdue, Instant now) {
        if (overdue) {
            conditions.add("state IN ('SUBMITTED', 'PLANNED') AND due_at < ?");
            params.add(now.toEpochMilli());
        }
        return this;
    }

    /** Only the request {@code id}. */
    public RequestQuery id(String id) {
        conditions.add("id = ?");
        params.add(id);
        return this;
    }

    /** Only requests whose ID starts with {@code prefix} (taken literally). */
    public RequestQuery idPrefix(String prefix) {
        if (prefix != null && !prefix.isEmpty()) {
            conditions.add("id LIKE ? ESCAPE '!'");
            params.add(prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return this;
    }

    /**
     * Only the requests API key {@code keyId} submitted: through the native API (V101
     * {@code api_request_owners}) or as the workflow parts of its OpenDSR requests.
     */
    public RequestQuery submittedBy(String keyId) {
        conditions.add("(id IN (SELECT request_id FROM api_request_owners WHERE key_id = ?) OR id IN (SELECT p.request_id "
                + "FROM opendsr_parts p JOIN opendsr_requests o ON o.subject_request_id = p.subject_request_id WHERE o.controller_id = ?))");
        params.add(keyId);
        params.add(keyId);
        return this;
    }

    /** Only requests that arrived before ({@code newer} false) or after ({@code newer} true) sequence {@code seq}. */
    public RequestQuery beyond(long seq, boolean newer) {
        conditions.add(newer ? "seq > ?" : "seq < ?");
        params.add(seq);
        return this;
    }

    /** How many requests match. */
    public int count(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM requests" + where())) {
                bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** At most {@code limit} matching requests after skipping {@code offset}, in order of arrival ({@code ascending}) or newest first. */
    public List<Row> rows(Database db, boolean ascending, int offset, int limit) {
        String direction = ascending ? " ASC" : " DESC";
        String sql = "SELECT " + COLUMNS + " FROM requests" + where() + " ORDER BY " + (lead == null ? "" : lead + direction + ", ")
                + "seq" + direction + " LIMIT " + limit + (offset > 0 ? " OFFSET " + offset : "");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                RequestState.valueOf(rs.getString(5)), nullableLong(rs, 6), Instant.ofEpochMilli(rs.getLong(7)),
                                Instant.ofEpochMilli(rs.getLong(8)), nullableInstant(rs, 9), rs.getString(10)));
                    }
                }
                return out;
            }
        });
    }

    private String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * Requests per state without reading every request: the total is the table's row count (which H2
     * keeps), the open and failed requests (few) are counted through the index on state, and the done
     * ones are the rest.
     */
    public static java.util.Map<RequestState, Integer> countByState(Database db) {
        java.util.Map<RequestState, Integer> out = new java.util.EnumMap<>(RequestState.class);
        int rest = new RequestQuery().count(db);
        for (RequestState s : RequestState.values()) {
            if (s != RequestState.DONE) {
                out.put(s, new RequestQuery().state(s).count(db));
                rest -= out.get(s);
            }
        }
        out.put(RequestState.DONE, Math.max(0, rest));
        return out;
    }

    private void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** The time in {@code column}, or {@code null}. */
    public static Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        Long v = nullableLong(rs, column);
        return v == null ? null : Instant.ofEpochMilli(v);
    }
}
