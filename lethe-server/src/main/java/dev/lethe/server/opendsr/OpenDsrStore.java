package dev.lethe.server.opendsr;

import dev.lethe.store.Database;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry tables of the OpenDSR processor (migration V20): the requests received, the workflow
 * requests that carry out each erasure, and the callback queue. No identity is stored here.
 */
final class OpenDsrStore {

    private static final String UNIQUE_VIOLATION = "23505";
    static final String CANCELLED_REASON = "cancelled by the controller (OpenDSR)";

    /** A received request as stored. */
    record Stored(String id, String controllerId, String type, String regulation, String fingerprint,
                  List<String> callbackUrls, Instant receivedAt, Instant dueAt, Instant cancelledAt,
                  String results, List<String> parts) {
    }

    /** A callback waiting to be delivered. */
    record Callback(long id, String subjectRequestId, String url, DsrStatus status, int attempts) {
    }

    private final Database db;

    OpenDsrStore(Database db) {
        this.db = db;
    }

    /**
     * Stores a request with its workflow parts and one callback per URL announcing {@code status};
     * false when a request with its ID is stored already.
     */
    boolean insert(Stored r, DsrStatus status, long now) {
        try {
            return db.transaction(c -> {
                insert(c, r, status, now);
                return true;
            });
        } catch (StoreException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** As {@link #insert(Stored, DsrStatus, long)}, inside the caller's transaction; a stored ID is a unique-key violation. */
    void insert(Connection c, Stored r, DsrStatus status, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO opendsr_requests (subject_request_id, controller_id, "
                + "request_type, regulation, fingerprint, callback_urls, received_at, due_at, last_status, results) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.controllerId());
            ps.setString(3, r.type());
            ps.setString(4, r.regulation());
            ps.setString(5, r.fingerprint());
            ps.setString(6, String.join("\n", r.callbackUrls()));
            ps.setLong(7, r.receivedAt().toEpochMilli());
            ps.setLong(8, r.dueAt().toEpochMilli());
            ps.setString(9, r.callbackUrls().isEmpty() ? null : status.wireName());
            ps.setString(10, r.results());
            ps.executeUpdate();
        }
        if (!r.parts().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO opendsr_parts (subject_request_id, request_id) VALUES (?, ?)")) {
                for (String part : r.parts()) {
                    ps.setString(1, r.id());
                    ps.setString(2, part);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        enqueue(c, r.id(), r.callbackUrls(), status, now);
    }

    /** Whether a failed write broke a unique key (a used ID). */
    static boolean isUniqueViolation(StoreException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    Optional<Stored> find(String id) {
        return db.read(c -> {
            Stored found = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT controller_id, request_type, regulation, fingerprint, "
                    + "callback_urls, received_at, due_at, cancelled_at, results FROM opendsr_requests WHERE subject_request_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long cancelledAt = rs.getLong(8);
                        Instant cancelled = rs.wasNull() ? null : Instant.ofEpochMilli(cancelledAt);
                        found = new Stored(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5).isEmpty() ? List.of() : List.of(rs.getString(5).split("\n")),
                                Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                                cancelled, rs.getString(9), parts(c, id));
                    }
                }
            }
            return Optional.ofNullable(found);
        });
    }

    private static List<String> parts(Connection c, String id) throws SQLException {
        List<String> parts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT request_id FROM opendsr_parts WHERE subject_request_id = ? ORDER BY request_id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(rs.getString(1));
                }
            }
        }
        return parts;
    }

    /** The states of the workflow parts of every request whose callbacks still announce an open status. */
    Map<String, Watched> watched() {
        return db.read(c -> {
            Map<String, Watched> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.subject_request_id, o.last_status, o.cancelled_at, r.state "
                    + "FROM opendsr_requests o LEFT JOIN opendsr_parts p ON p.subject_request_id = o.subject_request_id "
                    + "LEFT JOIN requests r ON r.id = p.request_id WHERE o.last_status IN ('pending', 'in_progress')")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Watched w = out.computeIfAbsent(rs.getString(1), k -> new Watched(DsrStatus.ofWire(stringAt(rs, 2))));
                        rs.getLong(3);
                        w.cancelled = !rs.wasNull();
                        String state = rs.getString(4);
                        if (state != null) {
                            w.states.add(RequestState.valueOf(state));
                        }
                    }
                }
            }
            return out;
        });
    }

    private static String stringAt(ResultSet rs, int column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #watched} found of one request: the status its callbacks announced last, and where its parts stand. */
    static final class Watched {
        final DsrStatus announced;
        boolean cancelled;
        final List<RequestState> states = new ArrayList<>();

        Watched(DsrStatus announced) {
            this.announced = announced;
        }

        DsrStatus current() {
            return cancelled ? DsrStatus.CANCELLED : DsrStatus.of(states);
        }
    }

    /** Records that the request moved from {@code from} to {@code to} and queues its callbacks; false if another did. */
    boolean announce(String id, DsrStatus from, DsrStatus to, List<String> urls, long now) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE opendsr_requests SET last_status = ? WHERE subject_request_id = ? AND last_status = ?")) {
                ps.setString(1, to.wireName());
                ps.setString(2, id);
                ps.setString(3, from.wireName());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            enqueue(c, id, urls, to, now);
            return true;
        });
    }

    private static void enqueue(Connection c, String id, List<String> urls, DsrStatus status, long now) throws SQLException {
        if (urls.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO opendsr_callbacks (subject_request_id, url, request_status, "
                + "attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)")) {
            for (String url : urls) {
                ps.setString(1, id);
                ps.setString(2, url);
                ps.setString(3, status.wireName());
                ps.setLong(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Callbacks not yet acknowledged whose next attempt is due at {@code now}, oldest first. */
    List<Callback> due(long now, int limit) {
        return db.read(c -> {
            List<Callback> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, subject_request_id, url, request_status, attempts "
                    + "FROM opendsr_callbacks WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id")) {
                ps.setLong(1, now);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Callback(rs.getLong(1), rs.getString(2), rs.getString(3),
                                DsrStatus.ofWire(rs.getString(4)), rs.getInt(5)));
                    }
                }
            }
            return out;
        });
    }

    /** The controller acknowledged the callback. */
    void delivered(long callbackId, long now) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE opendsr_callbacks SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?")) {
                ps.setLong(1, now);
                ps.setLong(2, callbackId);
                return ps.executeUpdate();
            }
        });
    }

    /** The attempt failed ({@code error}, which names no identity); the next is due at {@code nextAttemptAt}. */
    void retryLater(long callbackId, long nextAttemptAt, String error) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE opendsr_callbacks SET next_attempt_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?")) {
                ps.setLong(1, nextAttemptAt);
                ps.setString(2, error.length() > 400 ? error.substring(0, 400) : error);
                ps.setLong(3, callbackId);
                return ps.executeUpdate();
            }
        });
    }

    /** Requests received (every one ever accepted: the benchmark checks none was lost). */
    int count() {
        return count("SELECT COUNT(*) FROM opendsr_requests");
    }

    /** Callbacks still waiting for their acknowledgement. */
    int undelivered() {
        return count("SELECT COUNT(*) FROM opendsr_callbacks WHERE delivered_at IS NULL");
    }

    private int count(String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * Cancels a request whose workflow parts are all still stored and unplanned: they leave the
     * workflow as failed with the cancellation as reason, their payload (the subject ID) replaced by
     * the summary. False, changing nothing, once any part was planned.
     */
    boolean cancel(String id, List<String> parts, long now) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE requests SET state = 'FAILED', done_at = ?, error = ?, "
                    + "payload = summary WHERE id = ? AND state = 'SUBMITTED'")) {
                for (String part : parts) {
                    ps.setLong(1, now);
                    ps.setString(2, CANCELLED_REASON);
                    ps.setString(3, part);
                    if (ps.executeUpdate() != 1) {
                        c.rollback();
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE opendsr_requests SET cancelled_at = ? WHERE subject_request_id = ? AND cancelled_at IS NULL")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return true;
        });
    }
}
