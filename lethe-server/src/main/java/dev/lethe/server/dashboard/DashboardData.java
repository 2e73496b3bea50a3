package dev.lethe.server.dashboard;

import dev.lethe.server.RequestQuery;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the dashboard's pages read from the registry beyond the stores' own methods, in queries that
 * stay fast with hundreds of thousands of requests: a page of requests is found by keyset pagination
 * on the arrival sequence (no {@code OFFSET} that reads every row before the page), each filter has
 * an index that leads with it ({@code V40__dashboard_indexes.sql}), and the counts every page shows
 * read only the open requests and those closed since they were last counted. No query reads a request's payload: the dashboard never
 * holds a subject ID except to reveal one ({@link Reveal}).
 */
final class DashboardData {

    /** How long the overview's figures about completed requests are reused at most. */
    static final Duration COUNTS_TTL = Duration.ofSeconds(5);
    /**
     * How often the done and failed requests are counted in full; in between, only those closed after
     * the latest completion seen are added (a request closed with an earlier time, by a server whose
     * clock lags, is counted at the next full count).
     */
    static final Duration CLOSED_RECOUNT = Duration.ofMinutes(1);

    /** The kinds of request the workflow takes. */
    static final List<String> KINDS = List.of("subject", "records", "feature", "class");

    private final Registry registry;
    private final Clock clock;
    private final ClosedCounts closed = new ClosedCounts();
    private final Cached<Completions> completions;

    DashboardData(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.completions = new Cached<>(() -> new Completions(medianCompletion(OverviewPage.MEDIAN_WINDOW),
                completedPerDay(OverviewPage.CHART_DAYS)));
    }

    Registry registry() {
        return registry;
    }

    Instant now() {
        return clock.instant();
    }

    /** Which requests to list; {@code null} fields do not filter. */
    record Filter(RequestState state, String kind, boolean overdue, String idPrefix) {
        static final Filter ALL = new Filter(null, null, false, null);
    }

    /** One page of requests, newest first, and whether there are newer or older ones beyond it. */
    record Page(List<RequestQuery.Row> rows, boolean hasNewer, boolean hasOlder) {
    }

    /**
     * A page of at most {@code size} requests matching {@code filter}, newest first: the newest ones
     * when both cursors are {@code null}, else those just older than sequence {@code before} or just
     * newer than sequence {@code after}.
     */
    Page requests(Filter filter, Long before, Long after, int size) {
        RequestQuery query = new RequestQuery().state(filter.state()).kind(filter.kind()).overdue(filter.overdue(), now())
                .idPrefix(filter.idPrefix());
        boolean newer = after != null && before == null;
        if (newer) {
            query.beyond(after, true);
        } else if (before != null) {
            query.beyond(before, false);
        }
        List<RequestQuery.Row> rows = query.rows(registry.database(), newer, 0, size + 1);
        boolean more = rows.size() > size;
        List<RequestQuery.Row> shown = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
        if (newer) {
            Collections.reverse(shown);
            return new Page(shown, more, true);
        }
        return new Page(shown, before != null, more);
    }

    /**
     * Requests per state. The open states are counted each time (few rows, through the index on
     * state); the closed ones (nearly every row) are counted at most every {@link #CLOSED_RECOUNT}
     * ({@link RequestQuery#countByState}: no read of every request on H2, one count of the table on
     * PostgreSQL, and first before the server's port opens), and in between brought up to date by
     * counting only the requests closed after the latest completion time seen (through the index on done_at).
     */
    Map<RequestState, Integer> counts() {
        Map<RequestState, Integer> out = new java.util.EnumMap<>(RequestState.class);
        for (RequestState s : List.of(RequestState.SUBMITTED, RequestState.PLANNED)) {
            out.put(s, new RequestQuery().state(s).count(registry.database()));
        }
        out.putAll(closed.current());
        return out;
    }

    /** Requests per state among those closed after {@code after}. */
    private Map<RequestState, Integer> closedSince(long after) {
        return registry.database().read(c -> {
            Map<RequestState, Integer> out = new java.util.EnumMap<>(RequestState.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM requests WHERE done_at > ? "
                    + "AND state IN ('DONE', 'FAILED') GROUP BY state")) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(RequestState.valueOf(rs.getString(1)), rs.getInt(2));
                    }
                }
            }
            return out;
        });
    }

    /** The counts of done and failed requests, kept up to date incrementally between full counts. */
    private final class ClosedCounts {
        private Map<RequestState, Integer> counts;
        private long latest;
        private Instant countedAt = Instant.MIN;

        synchronized Map<RequestState, Integer> current() {
            Instant now = now();
            long newest = latestClosing();
            if (counts == null || now.isAfter(countedAt.plus(CLOSED_RECOUNT)) || now.isBefore(countedAt)) {
                Map<RequestState, Integer> all = RequestQuery.countByState(registry.database());
                counts = new java.util.EnumMap<>(Map.of(RequestState.DONE, all.get(RequestState.DONE),
                        RequestState.FAILED, all.get(RequestState.FAILED)));
                latest = newest;
                countedAt = now;
            } else if (newest > latest) {
                closedSince(latest).forEach((s, n) -> counts.merge(s, n, Integer::sum));
                latest = newest;
            }
            return Map.copyOf(counts);
        }
    }

    /** Open requests past their due date (counted through the index on state and due date). */
    int overdueCount() {
        return new RequestQuery().overdue(true, now()).count(registry.database());
    }

    private long latestClosing() {
        return registry.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(done_at) FROM requests"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MIN_VALUE : v;
            }
        });
    }

    /** The overview's figures about completed requests. */
    record Completions(Optional<Duration> median, TreeMap<LocalDate, Integer> perDay) {
    }

    /**
     * The median time to completion over {@link OverviewPage#MEDIAN_WINDOW} and the completions per
     * day over {@link OverviewPage#CHART_DAYS}, recomputed only when a request closed since (or after
     * {@link #COUNTS_TTL}): the median sorts every completion of the window.
     */
    Completions completions() {
        return completions.get(latestClosing());
    }

    /**
     * The median time from receipt to completion of the requests completed in the last {@code window},
     * if any. (The state is a {@code FILTER}, not a {@code WHERE} condition, so that the index on
     * {@code done_at} bounds the rows read to the window.)
     */
    Optional<Duration> medianCompletion(Duration window) {
        return registry.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY done_at - received_at) "
                    + "FILTER (WHERE state = 'DONE') FROM requests WHERE done_at >= ?")) {
                ps.setLong(1, now().minus(window).toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    double ms = rs.getDouble(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(ms)));
                }
            }
        });
    }

    /** Requests completed per UTC day over the last {@code days} days (today included), zero-filled. */
    TreeMap<LocalDate, Integer> completedPerDay(int days) {
        LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        TreeMap<LocalDate, Integer> out = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            out.put(d, 0);
        }
        long dayMs = Duration.ofDays(1).toMillis();
        registry.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT done_at - MOD(done_at, " + dayMs + ") AS day_start, "
                    + "COUNT(*) FILTER (WHERE state = 'DONE') FROM requests WHERE done_at >= ? "
                    + "GROUP BY done_at - MOD(done_at, " + dayMs + ")")) {
                ps.setLong(1, first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.merge(LocalDate.ofInstant(Instant.ofEpochMilli(rs.getLong(1)), ZoneOffset.UTC), rs.getInt(2), Integer::sum);
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** When a batch was planned and when it was done (the latter {@code null} while it runs). */
    record BatchTimes(Instant planned, Instant done) {
    }

    Optional<BatchTimes> batch(long batchId) {
        return registry.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at, done_at FROM batches WHERE id = ?")) {
                ps.setLong(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BatchTimes(Instant.ofEpochMilli(rs.getLong(1)), nullableInstant(rs, 2)))
                            : Optional.empty();
                }
            }
        });
    }

    /** When a request's receipt was handed to the receipt sink (the ledger), if it was. */
    Optional<Instant> receiptDelivered(String requestId) {
        return registry.requests().receiptDelivered(requestId);
    }

    /** What one model version forgot: for how many requests, how many records. */
    record Forgets(int requests, long records) {
    }

    /** Version → what it forgot, for one model. */
    Map<Integer, Forgets> forgetsByVersion(String model) {
        return registry.database().read(c -> {
            // a batch the model forgot in one call is one row of model_batch_receipts; requests forgotten alone, a row each
            try (PreparedStatement ps = c.prepareStatement("SELECT version, SUM(n), SUM(records) FROM ("
                    + "SELECT version, COUNT(*) AS n, SUM(record_count) AS records FROM model_receipts WHERE model_name = ? "
                    + "GROUP BY version UNION ALL SELECT version, request_count, record_count FROM model_batch_receipts "
                    + "WHERE model_name = ?) AS forgets GROUP BY version")) {
                ps.setString(1, model);
                ps.setString(2, model);
                Map<Integer, Forgets> out = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), new Forgets(rs.getInt(2), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    private static Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        return RequestQuery.nullableInstant(rs, column);
    }

    /** A value recomputed when its key changed or it is older than {@link #COUNTS_TTL}. */
    private final class Cached<T> {
        private final Supplier<T> compute;
        private T value;
        private long key;
        private Instant at = Instant.MIN;

        Cached(Supplier<T> compute) {
            this.compute = compute;
        }

        synchronized T get(long currentKey) {
            Instant now = now();
            if (value == null || currentKey != key || now.isAfter(at.plus(COUNTS_TTL)) || now.isBefore(at)) {
                value = compute.get();
                key = currentKey;
                at = now;
            }
            return value;
        }
    }
}
