package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;

import dev.lethe.model.LetheException;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Guarantee;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Forget requests, the batches they are carried out in, the records each was planned into, and
 * their receipts. Methods taking a {@link Connection} run inside the caller's transaction so a
 * workflow step and its state change commit together.
 */
public final class RequestStore {

    /** SQLState of a unique-key violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** The most submissions committed together. */
    private static final int SUBMISSION_GROUP = 256;

    private final Database db;
    /**
     * Concurrent submissions share commits: on an embedded registry every commit writes the changed
     * pages to the file ({@code WRITE_DELAY=0}), which cost more than the insert itself.
     */
    private final GroupCommit submissions;

    RequestStore(Database db) {
        this.db = db;
        this.submissions = new GroupCommit(db, SUBMISSION_GROUP, db.dialect() == Dialect.POSTGRESQL ? 2 : 1);
    }

    /** The outcome of a submission: the request ID, and whether this call stored it (false: it was there already). */
    public record Submission(String id, boolean created) {
    }

    /**
     * Stores a request durably (committed before this returns). Submitting the same ID again with the
     * same content is a no-op that returns the same ID.
     *
     * @param fingerprint identifies the content, to tell a repeated submission from a conflicting one
     * @throws StoreException when the ID is already used for a different request
     */
    public Submission submit(String id, String kind, String payload, String summary, String fingerprint,
                             Instant receivedAt, Instant dueAt) {
        NewRequest request = new NewRequest(id, kind, payload, summary, fingerprint, receivedAt, dueAt);
        try {
            submissions.run(c -> { // committed before this returns, in a transaction shared with concurrent submissions
                insert(c, request);
                return null;
            });
            return new Submission(id, true);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw e;
            }
            String existing = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM requests WHERE id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
            if (!fingerprint.equals(existing)) {
                throw new StoreException(Kind.CONFLICT, "request ID " + LetheException.quote(id) + " is already used for a different request");
            }
            return new Submission(id, false);
        }
    }

    /** Transactions the submissions so far committed or tried: fewer than the submissions when concurrent ones shared commits. */
    public long submissionTransactions() {
        return submissions.transactions();
    }

    /** As {@link #submit(String, String, String, String, String, Instant, Instant)} for a request {@link #insert} would store. */
    public Submission submit(NewRequest r) {
        return submit(r.id(), r.kind(), r.payload(), r.summary(), r.fingerprint(), r.receivedAt(), r.dueAt());
    }

    /** A request as {@link #insert} stores it (the arguments of {@link #submit}). */
    public record NewRequest(String id, String kind, String payload, String summary, String fingerprint,
                             Instant receivedAt, Instant dueAt) {
    }

    /**
     * Stores a request inside the caller's transaction, so it commits together with the caller's own
     * rows (the OpenDSR request that carries it, say). A used ID fails with a unique-key violation
     * (SQLState 23505), which the caller resolves, e.g. through {@link #submit}.
     */
    public void insert(Connection c, NewRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (id, kind, payload, fingerprint, summary, "
                + "state, received_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.kind());
            ps.setString(3, r.payload());
            ps.setString(4, r.fingerprint());
            ps.setString(5, r.summary());
            ps.setString(6, RequestState.SUBMITTED.name());
            ps.setLong(7, r.receivedAt().toEpochMilli());
            ps.setLong(8, r.dueAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** A request's columns in the order {@link #requests} reads them. */
    private static final String COLUMNS = "id, seq, kind, payload, summary, state, batch_id, received_at, due_at, done_at, error";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM requests";

    public Optional<StoredRequest> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                List<StoredRequest> r = requests(ps);
                return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
            }
        });
    }

    /** @throws StoreException when there is no request {@code id} */
    public StoredRequest get(String id) {
        return find(id).orElseThrow(() -> new StoreException(Kind.NOT_FOUND, "unknown request " + LetheException.quote(id)));
    }

    /** Requests in order of arrival; only those overdue at {@code now} when {@code overdueOnly}. */
    public List<StoredRequest> list(boolean overdueOnly, Instant now, int limit) {
        return db.read(c -> {
            String sql = overdueOnly
                    ? SELECT + " WHERE state IN ('SUBMITTED', 'PLANNED') AND due_at < ? ORDER BY seq"
                    : SELECT + " ORDER BY seq";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (overdueOnly) {
                    ps.setLong(1, now.toEpochMilli());
                }
                ps.setMaxRows(limit);
                return requests(ps);
            }
        });
    }

    public Map<RequestState, Integer> counts() {
        return db.read(c -> {
            Map<RequestState, Integer> out = new LinkedHashMap<>();
            for (RequestState s : RequestState.values()) {
                out.put(s, 0);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM requests GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(RequestState.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
            return out;
        });
    }

    /** How many requests wait to be planned: one indexed count, not the whole table grouped as {@link #counts()} does. */
    public int waiting() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM requests WHERE state = 'SUBMITTED'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Whether any submitted request waits to be planned (one index probe, unlike {@link #counts}). */
    public boolean anyWaiting() {
        return db.read(RequestStore::anyWaiting);
    }

    /**
     * Whether any submitted request waits to be planned, in the caller's transaction. The limit is in
     * the statement: H2 honours {@code setMaxRows} only after it has read (and sorted) every match.
     */
    public static boolean anyWaiting(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM requests WHERE state = 'SUBMITTED' FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The oldest submitted requests not yet in a batch (the limit in the statement, as {@link #anyWaiting(Connection)} says why). */
    public List<StoredRequest> pending(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE state = 'SUBMITTED' ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            return requests(ps);
        }
    }

    public List<StoredRequest> batchRequests(long batchId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE batch_id = ? ORDER BY seq")) {
                ps.setLong(1, batchId);
                return requests(ps);
            }
        });
    }

    private static List<StoredRequest> requests(PreparedStatement ps) throws SQLException {
        List<StoredRequest> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long b = rs.getLong(7);
                Long batch = rs.wasNull() ? null : b;
                long d = rs.getLong(10);
                Instant done = rs.wasNull() ? null : Instant.ofEpochMilli(d);
                out.add(new StoredRequest(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        RequestState.valueOf(rs.getString(6)), batch, Instant.ofEpochMilli(rs.getLong(8)),
                        Instant.ofEpochMilli(rs.getLong(9)), done, rs.getString(11)));
            }
        }
        return out;
    }

    // ---- batches ----

    /** A new batch at its first step; {@link #claim} then fills it. */
    public long createBatch(Connection c) throws SQLException {
        return createBatch(c, null);
    }

    /** A new batch at its first step, held by {@code lease} (none: free for any worker to take). */
    public long createBatch(Connection c, BatchLease lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batches (state, requests, created_at, owner, lease_until) "
                + "VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setString(1, BatchState.PLANNED.name());
            ps.setInt(2, 0);
            ps.setLong(3, System.currentTimeMillis());
            if (lease == null) {
                ps.setNull(4, Types.VARCHAR);
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setString(4, lease.owner());
                ps.setLong(5, lease.until());
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Moves up to {@code limit} of the oldest submitted requests into a batch and returns those it moved,
     * oldest first. Requests another worker took meanwhile are not returned.
     */
    public List<StoredRequest> claim(Connection c, long batchId, int limit) throws SQLException {
        if (db.dialect() == Dialect.POSTGRESQL) {
            return claimSkippingLocked(c, batchId, limit);
        }
        List<StoredRequest> pending = pending(c, limit);
        if (pending.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET requests = ? WHERE id = ?")) {
            ps.setInt(1, pending.size());
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
        int moved;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE requests SET state = 'PLANNED', batch_id = ? WHERE state = 'SUBMITTED' AND seq >= ? AND seq <= ?")) {
            ps.setLong(1, batchId);
            ps.setLong(2, pending.get(0).seq());
            ps.setLong(3, pending.get(pending.size() - 1).seq());
            moved = ps.executeUpdate();
        }
        if (moved == pending.size()) {
            // exactly the rows read (writers on one H2 file take turns): no need to read them back
            return pending.stream().map(r -> r.planned(batchId)).toList();
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE batch_id = ? ORDER BY seq")) {
            ps.setLong(1, batchId);
            return requests(ps);
        }
    }

    /** Removes a batch that {@link #claim} left empty (another worker took the waiting requests). */
    public void dropEmptyBatch(Connection c, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batches WHERE id = ? AND requests = 0")) {
            ps.setLong(1, batchId);
            ps.executeUpdate();
        }
    }

    /**
     * PostgreSQL, where several workers may plan at once: locks the oldest submitted requests that no
     * other transaction holds ({@code FOR UPDATE SKIP LOCKED}) and moves them into the batch, so two
     * workers planning together take disjoint requests instead of waiting for each other.
     */
    private List<StoredRequest> claimSkippingLocked(Connection c, long batchId, int limit) throws SQLException {
        List<StoredRequest> moved;
        // the moved rows come back with the update (RETURNING): no second read of the batch
        try (PreparedStatement ps = c.prepareStatement("UPDATE requests SET state = 'PLANNED', batch_id = ? WHERE id IN ("
                + "SELECT id FROM requests WHERE state = 'SUBMITTED' ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
            ps.setLong(1, batchId);
            ps.setInt(2, limit);
            moved = new ArrayList<>(requests(ps));
        }
        moved.sort(java.util.Comparator.comparingLong(StoredRequest::seq));
        try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET requests = ? WHERE id = ?")) {
            ps.setInt(1, moved.size());
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
        return moved;
    }

    /**
     * Records the stored records each request was planned into: one row per dataset for the whole batch
     * ({@code batch_planned_records}, V160), each request's record IDs in {@link RequestShares}' encoding.
     */
    public void addPlannedRecords(Connection c, long batchId, Map<String, List<DatasetStore.Located>> byRequest)
            throws SQLException {
        Map<Long, Map<String, long[]>> byDataset = new TreeMap<>();
        for (Map.Entry<String, List<DatasetStore.Located>> e : byRequest.entrySet()) {
            Map<Long, List<Long>> own = new TreeMap<>();
            for (DatasetStore.Located r : e.getValue()) {
                own.computeIfAbsent(r.datasetId(), k -> new ArrayList<>()).add(r.recordId());
            }
            own.forEach((dataset, ids) -> byDataset.computeIfAbsent(dataset, k -> new LinkedHashMap<>())
                    .put(e.getKey(), ids.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO batch_planned_records (batch_id, dataset_id, shares) VALUES (?, ?, ?)")) {
            for (Map.Entry<Long, Map<String, long[]>> d : byDataset.entrySet()) {
                ps.setLong(1, batchId);
                ps.setLong(2, d.getKey());
                ps.setBytes(3, RequestShares.encode(d.getValue()));
                ps.addBatch();
            }
            if (!byDataset.isEmpty()) {
                ps.executeBatch();
            }
        }
    }

    /** The records each request of a batch was planned into, by request ID (ascending record IDs within a dataset). */
    public Map<String, List<DatasetStore.Located>> plannedRecords(long batchId) {
        return db.read(c -> {
            Map<String, List<DatasetStore.Located>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id, dataset_id, record_ids FROM request_records "
                    + "WHERE batch_id = ? ORDER BY request_id, dataset_id")) { // planned before V160
                ps.setLong(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        addPlanned(out, rs.getString(1), rs.getLong(2), Lineage.fromBytes(rs.getBytes(3)).toArray());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT dataset_id, shares FROM batch_planned_records WHERE batch_id = ? ORDER BY dataset_id")) {
                ps.setLong(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long dataset = rs.getLong(1);
                        RequestShares.decode(rs.getBytes(2)).forEach((request, ids) -> addPlanned(out, request, dataset, ids));
                    }
                }
            }
            return new LinkedHashMap<>(out);
        });
    }

    private static void addPlanned(Map<String, List<DatasetStore.Located>> out, String request, long dataset, long[] ids) {
        List<DatasetStore.Located> list = out.computeIfAbsent(request, k -> new ArrayList<>());
        for (long id : ids) {
            list.add(new DatasetStore.Located(dataset, id));
        }
    }

    /** Every record ID planned into any request so far (the records that must never come back). */
    public Lineage forgottenRecords() {
        return db.read(c -> {
            org.roaringbitmap.longlong.Roaring64NavigableMap all = new org.roaringbitmap.longlong.Roaring64NavigableMap();
            try (PreparedStatement ps = c.prepareStatement("SELECT record_ids FROM request_records");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (long id : Lineage.fromBytes(rs.getBytes(1)).toArray()) {
                        all.addLong(id);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT shares FROM batch_planned_records");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (long[] ids : RequestShares.decode(rs.getBytes(1)).values()) {
                        for (long id : ids) {
                            all.addLong(id);
                        }
                    }
                }
            }
            return Lineage.of(all.toArray());
        });
    }

    /** Batches not yet done, oldest first: the work a restarted worker resumes. */
    public List<Long> openBatches() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM batches WHERE state <> 'DONE' ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        });
    }

    public BatchState batchState(long batchId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM batches WHERE id = ?")) {
                ps.setLong(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(Kind.INTERNAL, "unknown batch " + batchId);
                    }
                    return BatchState.valueOf(rs.getString(1));
                }
            }
        });
    }

    /** Moves a batch from {@code from} to {@code to}; fails if it is not at {@code from}. */
    public void advance(Connection c, long batchId, BatchState from, BatchState to) throws SQLException {
        advance(c, batchId, from, to, null);
    }

    /**
     * Moves a batch from {@code from} to {@code to} and renews {@code lease} on it, in the caller's
     * transaction; fails, so that the step's effects roll back with it, if the batch is not at
     * {@code from} or (with a lease) is no longer held by the lease's owner: a worker whose lease
     * expired and whose batch another worker took over cannot commit a step of it.
     */
    public void advance(Connection c, long batchId, BatchState from, BatchState to, BatchLease lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET state = ?, done_at = ?"
                + (lease == null ? "" : ", lease_until = ?") + " WHERE id = ? AND state = ?"
                + (lease == null ? "" : " AND owner = ?"))) {
            int i = 1;
            ps.setString(i++, to.name());
            if (to == BatchState.DONE) {
                ps.setLong(i++, System.currentTimeMillis());
            } else {
                ps.setNull(i++, Types.BIGINT);
            }
            if (lease != null) {
                ps.setLong(i++, lease.until());
            }
            ps.setLong(i++, batchId);
            ps.setString(i++, from.name());
            if (lease != null) {
                ps.setString(i, lease.owner());
            }
            if (ps.executeUpdate() != 1) {
                throw new StoreException(Kind.CONFLICT, "batch " + batchId + " is not at step " + from
                        + (lease == null ? "" : " or no longer held by this worker") + "; another worker moved it");
            }
        }
    }

    /**
     * Takes the open batches that {@code lease}'s owner may carry out: its own, those of no owner, and
     * those whose lease expired before {@code now} (their worker stopped or died), oldest first. Each is
     * taken with one conditional update, so of two workers reaching for the same batch one gets it.
     *
     * @return the IDs of the batches now held by {@code lease}
     */
    public List<Long> takeOpenBatches(BatchLease lease, long now) {
        List<Long> candidates = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM batches WHERE state <> 'DONE' "
                    + "AND (owner IS NULL OR owner = ? OR lease_until < ?) ORDER BY id")) {
                ps.setString(1, lease.owner());
                ps.setLong(2, now);
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        });
        List<Long> taken = new ArrayList<>();
        for (long id : candidates) {
            boolean ok = db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET owner = ?, lease_until = ? WHERE id = ? "
                        + "AND state <> 'DONE' AND (owner IS NULL OR owner = ? OR lease_until < ?)")) {
                    ps.setString(1, lease.owner());
                    ps.setLong(2, lease.until());
                    ps.setLong(3, id);
                    ps.setString(4, lease.owner());
                    ps.setLong(5, now);
                    return ps.executeUpdate() == 1;
                }
            });
            if (ok) {
                taken.add(id);
            }
        }
        return taken;
    }

    /** Extends {@code lease} on a batch its owner still holds; returns false when it no longer does. */
    public boolean renewLease(long batchId, BatchLease lease) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE batches SET lease_until = ? WHERE id = ? AND owner = ? AND state <> 'DONE'")) {
                ps.setLong(1, lease.until());
                ps.setLong(2, batchId);
                ps.setString(3, lease.owner());
                return ps.executeUpdate() == 1;
            }
        });
    }

    // ---- receipts ----

    /** Writes model receipts (request ID → receipt) of one model version, in batched round trips. */
    public void addModelReceipts(Connection c, String model, int version, List<Map.Entry<String, ForgetReceipt>> receipts)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_receipts (request_id, model_name, version, family, "
                + "request_kind, guarantee, record_ids, record_count, digest_before, digest_after, elapsed_nanos, details, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<String, ForgetReceipt> e : receipts) {
                ForgetReceipt r = e.getValue();
                ps.setString(1, e.getKey());
                ps.setString(2, model);
                ps.setInt(3, version);
                ps.setString(4, r.family());
                ps.setString(5, r.requestKind());
                ps.setString(6, r.guarantee().toString());
                ps.setBytes(7, Lineage.of(r.records()).toBytes());
                ps.setInt(8, r.recordCount());
                ps.setString(9, r.digestBefore());
                ps.setString(10, r.digestAfter());
                ps.setLong(11, r.elapsed().toNanos());
                ps.setString(12, Codec.map(r.details()));
                ps.setLong(13, r.at().toEpochMilli());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            if (n % 1000 != 0) {
                ps.executeBatch();
            }
        }
    }

    /**
     * Writes what one model version did for a batch it forgot in one call, as one row: {@code common} is
     * the receipt every request of the batch shares (family, request kind, guarantee, elapsed time, digests,
     * time, details; its records are ignored), {@code shares} each request's own records, in batch order.
     * {@link #modelReceipts(String)} and {@link #batchReceipts} give each request the receipt that
     * {@link #addModelReceipts} would have stored for it.
     */
    public void addBatchModelReceipt(Connection c, String model, int version, long batchId, ForgetReceipt common,
                                     Map<String, long[]> shares) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_batch_receipts (model_name, version, batch_id, "
                + "family, request_kind, guarantee, digest_before, digest_after, elapsed_nanos, details, at, request_count, "
                + "record_count, shares) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setLong(3, batchId);
            ps.setString(4, common.family());
            ps.setString(5, common.requestKind());
            ps.setString(6, common.guarantee().toString());
            ps.setString(7, common.digestBefore());
            ps.setString(8, common.digestAfter());
            ps.setLong(9, common.elapsed().toNanos());
            ps.setString(10, Codec.map(common.details()));
            ps.setLong(11, common.at().toEpochMilli());
            ps.setInt(12, shares.size());
            ps.setInt(13, shares.values().stream().mapToInt(r -> r.length).sum());
            ps.setBytes(14, RequestShares.encode(shares));
            ps.executeUpdate();
        }
    }

    private static final String BATCH_MODEL_RECEIPTS = "SELECT b.model_name, b.version, b.family, b.request_kind, b.guarantee, "
            + "b.elapsed_nanos, b.digest_before, b.digest_after, b.at, b.details, b.shares";

    /** A request's receipt from a batch row: the shared fields, and the request's own records. */
    private static ModelReceipt shareOf(ResultSet rs, String requestId, String summary, long[] records, Map<String, String> details)
            throws SQLException {
        ForgetReceipt fr = new ForgetReceipt(rs.getString(3), rs.getString(4), summary, records,
                Guarantee.parse(rs.getString(5)), Duration.ofNanos(rs.getLong(6)), rs.getString(7), rs.getString(8),
                Instant.ofEpochMilli(rs.getLong(9)), details);
        return new ModelReceipt(requestId, rs.getString(1), rs.getInt(2), fr);
    }

    private static final java.util.Comparator<ModelReceipt> BY_MODEL = java.util.Comparator.comparing(ModelReceipt::modelName);

    private static final String MODEL_RECEIPTS = "SELECT m.request_id, m.model_name, m.version, m.family, m.request_kind, "
            + "r.summary, m.record_ids, m.guarantee, m.elapsed_nanos, m.digest_before, m.digest_after, m.at, m.details "
            + "FROM model_receipts m JOIN requests r ON r.id = m.request_id ";

    public List<ModelReceipt> modelReceipts(String requestId) {
        return db.read(c -> {
            List<ModelReceipt> out;
            try (PreparedStatement ps = c.prepareStatement(MODEL_RECEIPTS + "WHERE m.request_id = ? ORDER BY m.model_name")) {
                ps.setString(1, requestId);
                out = modelReceipts(ps);
            }
            try (PreparedStatement ps = c.prepareStatement(BATCH_MODEL_RECEIPTS + ", r.summary FROM model_batch_receipts b "
                    + "JOIN requests r ON r.batch_id = b.batch_id WHERE r.id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] records = RequestShares.find(rs.getBytes(11), requestId);
                        if (records != null) {
                            out.add(shareOf(rs, requestId, rs.getString(12), records, Codec.map(rs.getString(10))));
                        }
                    }
                }
            }
            out.sort(BY_MODEL);
            return out;
        });
    }

    private static List<ModelReceipt> modelReceipts(PreparedStatement ps) throws SQLException {
        List<ModelReceipt> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ForgetReceipt fr = new ForgetReceipt(rs.getString(4), rs.getString(5), rs.getString(6),
                        Lineage.fromBytes(rs.getBytes(7)).toArray(), Guarantee.parse(rs.getString(8)),
                        Duration.ofNanos(rs.getLong(9)), rs.getString(10), rs.getString(11),
                        Instant.ofEpochMilli(rs.getLong(12)), Codec.map(rs.getString(13)));
                out.add(new ModelReceipt(rs.getString(1), rs.getString(2), rs.getInt(3), fr));
            }
        }
        return out;
    }

    /**
     * The receipts of a batch's requests, by request ID, in three queries rather than three per
     * request (a worker hands a whole batch's receipts to its sink at once).
     */
    public Map<String, RequestReceipt> batchReceipts(long batchId) {
        Map<String, StoredRequest> requests = new java.util.HashMap<>();
        for (StoredRequest r : batchRequests(batchId)) {
            requests.put(r.id(), r);
        }
        return batchReceipts(batchId, requests);
    }

    /** As {@link #batchReceipts(long)}, for the batch's requests (by ID) the caller holds already; others are left out. */
    public Map<String, RequestReceipt> batchReceipts(long batchId, Map<String, StoredRequest> requests) {
        return db.read(c -> {
            Map<String, List<ModelReceipt>> models = batchModelReceipts(c, batchId, requests);
            Map<String, RequestReceipt> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT x.request_id, x.records_erased, x.datasets, x.created_at " + RECEIPTS_OF_BATCH)) {
                ps.setLong(1, batchId);
                ps.setLong(2, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredRequest r = requests.get(rs.getString(1));
                        if (r == null) {
                            continue; // a receipt of a request moved to another batch cannot exist; skip defensively
                        }
                        String ds = rs.getString(3);
                        out.put(r.id(), new RequestReceipt(r.id(), r.kind(), r.summary(), r.receivedAt(), r.dueAt(),
                                Instant.ofEpochMilli(rs.getLong(4)), batchId, rs.getInt(2),
                                ds.isEmpty() ? List.of() : List.of(ds.split("\n")), models.getOrDefault(r.id(), List.of())));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The model receipts of many requests (by ID, in their order), reading each batch's rows once rather
     * than once per request: a batch's {@code model_batch_receipts} row holds every request's share (about
     * 100 KiB per model), so per-request reads cost a large registry's inventory that much per request.
     * Each request gets what {@link #modelReceipts(String)} gives it.
     */
    public Map<String, List<ModelReceipt>> modelReceiptsOf(List<StoredRequest> requests) {
        Map<Long, Map<String, StoredRequest>> byBatch = new LinkedHashMap<>();
        for (StoredRequest r : requests) {
            if (r.batchId() != null) {
                byBatch.computeIfAbsent(r.batchId(), b -> new java.util.HashMap<>()).put(r.id(), r);
            }
        }
        Map<String, List<ModelReceipt>> found = new java.util.HashMap<>();
        for (Map.Entry<Long, Map<String, StoredRequest>> batch : byBatch.entrySet()) {
            found.putAll(db.read(c -> batchModelReceipts(c, batch.getKey(), batch.getValue())));
        }
        Map<String, List<ModelReceipt>> out = new LinkedHashMap<>();
        for (StoredRequest r : requests) {
            out.put(r.id(), r.batchId() == null ? modelReceipts(r.id()) : found.getOrDefault(r.id(), new ArrayList<>()));
        }
        return out;
    }

    /** The model receipts of a batch's requests (those in {@code requests}, by ID), each list sorted by model. */
    private Map<String, List<ModelReceipt>> batchModelReceipts(Connection c, long batchId, Map<String, StoredRequest> requests)
            throws SQLException {
        Map<String, List<ModelReceipt>> models = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(MODEL_RECEIPTS + "WHERE r.batch_id = ? ORDER BY m.request_id, m.model_name")) {
            ps.setLong(1, batchId);
            for (ModelReceipt m : modelReceipts(ps)) {
                models.computeIfAbsent(m.requestId(), k -> new ArrayList<>()).add(m);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(BATCH_MODEL_RECEIPTS + " FROM model_batch_receipts b WHERE b.batch_id = ?")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> details = Map.copyOf(Codec.map(rs.getString(10))); // parsed once for all the row's shares
                    for (Map.Entry<String, long[]> share : RequestShares.decode(rs.getBytes(11)).entrySet()) {
                        StoredRequest r = requests.get(share.getKey());
                        if (r != null) {
                            models.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(shareOf(rs, r.id(), r.summary(), share.getValue(), details));
                        }
                    }
                }
            }
        }
        models.values().forEach(l -> l.sort(BY_MODEL));
        return models;
    }

    /**
     * The receipts of a batch (parameters: the batch ID twice), found through its requests
     * ({@code requests_batch}) and each receipt's key: {@code receipts} has no index on its batch, so
     * selecting by it would read every receipt ever written, a cost that grows with the registry's history.
     */
    private static final String RECEIPTS_OF_BATCH = "FROM requests r JOIN receipts x ON x.request_id = r.id "
            + "WHERE r.batch_id = ? AND x.batch_id = ?";

    /** A request's receipt header: how many stored records were erased, from which datasets. */
    public record ReceiptHeader(String requestId, int recordsErased, List<String> datasets) {
    }

    /** Writes the receipt headers of a batch; requests that already have one are skipped, so each is written once. */
    public void addReceipts(Connection c, long batchId, List<ReceiptHeader> headers, Instant at) throws SQLException {
        java.util.Set<String> existing = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT x.request_id " + RECEIPTS_OF_BATCH)) {
            ps.setLong(1, batchId);
            ps.setLong(2, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO receipts (request_id, batch_id, records_erased, datasets, "
                + "created_at) VALUES (?, ?, ?, ?, ?)")) {
            int n = 0;
            for (ReceiptHeader h : headers) {
                if (existing.contains(h.requestId())) {
                    continue;
                }
                ps.setString(1, h.requestId());
                ps.setLong(2, batchId);
                ps.setInt(3, h.recordsErased());
                ps.setString(4, String.join("\n", h.datasets()));
                ps.setLong(5, at.toEpochMilli());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            if (n % 1000 != 0) {
                ps.executeBatch();
            }
        }
    }

    public Optional<RequestReceipt> receipt(String requestId) {
        StoredRequest r = get(requestId);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT batch_id, records_erased, datasets, created_at FROM receipts WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String ds = rs.getString(3);
                    return Optional.of(new RequestReceipt(requestId, r.kind(), r.summary(), r.receivedAt(), r.dueAt(),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(1), rs.getInt(2),
                            ds.isEmpty() ? List.of() : List.of(ds.split("\n")), modelReceipts(requestId)));
                }
            }
        });
    }

    public int receiptCount() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM receipts"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * Marks the receipts of a batch as handed to the receipt sink: once, on the batch (V182), since its
     * receipts are delivered together; a receipt row is not written again.
     */
    public void markDelivered(Connection c, long batchId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE batches SET receipts_delivered_at = ? WHERE id = ? AND receipts_delivered_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
    }

    /**
     * When a request's receipt was handed to the receipt sink, if it was: its batch's time, or the
     * receipt's own where it was delivered before V182.
     */
    public Optional<Instant> receiptDelivered(String requestId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(r.delivered_at, b.receipts_delivered_at) "
                    + "FROM receipts r LEFT JOIN batches b ON b.id = r.batch_id WHERE r.request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long at = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
                }
            }
        });
    }

    /**
     * Marks the batch's requests done (failed ones keep their state) and replaces their payload by their
     * summary, so no subject ID stays in clear once the request is honoured.
     */
    public void finishRequests(Connection c, long batchId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE requests SET state = 'DONE', done_at = ?, payload = summary "
                + "WHERE batch_id = ? AND state = 'PLANNED'")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
        ScrubState.markPending(c); // the payloads replaced by summaries held subject IDs
    }

    /** A subject request whose summary names the subject by an unkeyed pseudonym, as summaries were before they were keyed. */
    public record UnkeyedSummary(String id, RequestState state, String payload) {
    }

    /**
     * The subject requests stored with an unkeyed {@code subject sha256:…} summary; none, without a
     * search, once {@link #markSummariesKeyed()} recorded that they were rewritten.
     */
    public List<UnkeyedSummary> unkeyedSubjectSummaries() {
        return db.read(c -> {
            try (PreparedStatement flag = c.prepareStatement("SELECT keyed FROM keyed_summaries_state WHERE id = 1");
                 ResultSet rs = flag.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return List.of();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state, payload FROM requests "
                    + "WHERE kind = 'subject' AND summary LIKE 'subject sha256:%' ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                List<UnkeyedSummary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new UnkeyedSummary(rs.getString(1), RequestState.valueOf(rs.getString(2)), rs.getString(3)));
                }
                return out;
            }
        });
    }

    /**
     * Records that no unkeyed summary is left, so {@link #unkeyedSubjectSummaries()} stops searching
     * for them (this version never writes one).
     */
    public void markSummariesKeyed() {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE keyed_summaries_state SET keyed = TRUE WHERE id = 1 AND keyed = FALSE")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A request's stored description and the fingerprint that recognises it when resubmitted. */
    public record Summary(String text, String fingerprint) {
    }

    /**
     * Replaces the summaries and fingerprints of requests (by request ID), and the payload of a done
     * request, which holds its summary, in one transaction. The old values stay in stale pages until
     * the next {@link Registry#scrubErasedData()}; this marks one as due.
     */
    public void replaceSummaries(Map<String, Summary> summaries) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE requests SET summary = ?, fingerprint = ?, "
                    + "payload = CASE WHEN state = 'DONE' THEN ? ELSE payload END WHERE id = ?")) {
                for (Map.Entry<String, Summary> e : summaries.entrySet()) {
                    ps.setString(1, e.getValue().text());
                    ps.setString(2, e.getValue().fingerprint());
                    ps.setString(3, e.getValue().text());
                    ps.setString(4, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            ScrubState.markPending(c);
            return null;
        });
    }

    /** Marks one request failed with a reason; it gets no receipt. */
    public void fail(Connection c, String requestId, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE requests SET state = 'FAILED', done_at = ?, error = ? WHERE id = ?")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, reason.length() > 3900 ? reason.substring(0, 3900) : reason);
            ps.setString(3, requestId);
            ps.executeUpdate();
        }
    }
}
