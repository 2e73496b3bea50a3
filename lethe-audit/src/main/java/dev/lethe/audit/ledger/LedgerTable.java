package dev.lethe.audit.ledger;

import dev.lethe.store.Database;
import dev.lethe.store.Dialect;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger kept in the registry database (migration V80): table {@code ledger_entries}, one row per
 * entry (number, request ID, canonical JSON, hash, signature), and the one-row signed head
 * {@code ledger_signed_head}. Every server of a PostgreSQL registry appends to the one chain: a writer
 * locks the head row ({@code SELECT … FOR UPDATE}, which queues the others on the database's row lock
 * whatever machine they run on), continues the chain from the head it read, inserts its entries with one
 * JDBC batch and updates the head in the same transaction, so entries and head commit together or not
 * at all (a writer killed mid-append leaves nothing behind, and the head never stops short of the rows).
 *
 * <p>A request ID is unique in the table: a receipt delivered again is found by that index and appends
 * nothing ({@link Ledger#find}), and two writers can never both record one request. Reading needs no
 * lock: the head row and the rows up to it are committed together.
 */
final class LedgerTable implements LedgerStorage {

    static final String ENTRIES = "ledger_entries";
    static final String HEAD = "ledger_signed_head";
    /** How long a writer waits for another's append on H2 (PostgreSQL waits for a row lock without limit by default). */
    private static final long H2_LOCK_WAIT_MS = 120_000;

    private final Database db;
    /** The connection of the transaction this thread holds the head's lock in, if any. */
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final AtomicLong rowsRead = new AtomicLong();

    LedgerTable(Database db) {
        this.db = db;
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code query} in this thread's locked transaction, or on a pooled connection of its own. */
    private <T> T withConnection(Query<T> query) {
        Connection held = current.get();
        if (held != null) {
            try {
                return query.run(held);
            } catch (SQLException e) {
                throw new LedgerException("cannot use the ledger in the registry (" + ENTRIES + "): " + e.getMessage(), e);
            }
        }
        return db.read(query::run);
    }

    @Override
    public <T> T locked(Locked<T> work) {
        if (current.get() != null) {
            return run(work); // already inside this thread's transaction
        }
        return db.transaction(c -> {
            if (db.dialect() == Dialect.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCK_TIMEOUT " + H2_LOCK_WAIT_MS);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT entries FROM " + HEAD + " WHERE id = 1 FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LedgerException("the ledger's head row is missing from the registry table " + HEAD
                            + " (it was deleted): refusing to append; run 'lethe ledger verify'");
                }
            }
            current.set(c);
            try {
                return run(work);
            } finally {
                current.remove();
            }
        });
    }

    private static <T> T run(Locked<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new LedgerException("cannot write the ledger in the registry: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists() {
        return true; // the table comes with the registry
    }

    @Override
    public boolean isNew() {
        return readHead().isEmpty() && withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + ENTRIES); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    @Override
    public boolean createdByRegistry() {
        return true;
    }

    /**
     * The head row's count and hash (the rows up to it were committed with it), provided the row at that
     * number holds that hash; otherwise the hash is {@code ""}, which matches no chain, so an index that
     * trusted the head is rebuilt and the append refused (rows were deleted or changed behind the head).
     */
    @Override
    public Tip tip() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT h.entries, h.hash, e.hash FROM " + HEAD + " h LEFT JOIN "
                    + ENTRIES + " e ON e.seq = h.entries WHERE h.id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Tip(0, "");
                }
                long entries = rs.getLong(1);
                String hash = rs.getString(2);
                boolean consistent = entries == 0 ? EntryCodec.GENESIS.equals(hash) : hash.equals(rs.getString(3));
                return new Tip(entries, consistent ? hash : "");
            }
        });
    }

    @Override
    public List<Line> linesFrom(long position, long end) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, body, hash, signature FROM " + ENTRIES
                    + " WHERE seq > ? AND seq <= ? ORDER BY seq")) {
                ps.setLong(1, position);
                ps.setLong(2, end);
                ps.setFetchSize(1000); // PostgreSQL streams inside a transaction instead of holding every row
                List<Line> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Line(rs.getLong(1) - 1, line(rs)));
                    }
                }
                rowsRead.addAndGet(out.size());
                return out;
            }
        });
    }

    private static String line(ResultSet rs) throws SQLException {
        return EntryCodec.line(rs.getString("body"), rs.getString("hash"), rs.getString("signature"));
    }

    @Override
    public String lineAt(long position) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body, hash, signature FROM " + ENTRIES + " WHERE seq = ?")) {
                ps.setLong(1, position + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rowsRead.incrementAndGet();
                    return rs.next() ? line(rs) : "";
                }
            }
        });
    }

    @Override
    public boolean readsWithoutLock() {
        return true;
    }

    @Override
    public Optional<String> lineOfRequest(String requestId) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body, hash, signature FROM " + ENTRIES + " WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(line(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every row in order of number; a missing number shows as a gap the verifier reports. */
    @Override
    public List<String> lines() {
        return linesFrom(0, Long.MAX_VALUE).stream().map(Line::text).toList();
    }

    /** One JDBC batch (one multi-row INSERT on PostgreSQL), committed with the head by {@link #locked}. */
    @Override
    public long[] append(List<Written> entries) {
        return withConnection(c -> {
            long[] positions = new long[entries.size() + 1];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ENTRIES
                    + " (seq, request_id, body, hash, signature) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < entries.size(); i++) {
                    Written w = entries.get(i);
                    ps.setLong(1, w.seq());
                    ps.setString(2, w.requestId());
                    ps.setString(3, w.canonical());
                    ps.setString(4, w.hash());
                    ps.setString(5, w.signature());
                    ps.addBatch();
                    positions[i] = w.seq() - 1;
                }
                ps.executeBatch();
            }
            positions[entries.size()] = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
            return positions;
        });
    }

    @Override
    public void createEmpty() {
        // the tables come with the registry's migration
    }

    /** The head, or empty while it was never signed (as the migration leaves it) or its row is gone. */
    @Override
    public Optional<Head> readHead() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entries, hash, signature FROM " + HEAD + " WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(3).isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Head(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        });
    }

    @Override
    public void writeHead(long entries, String hash, String signature) {
        withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + HEAD + " SET entries = ?, hash = ?, signature = ? WHERE id = 1")) {
                ps.setLong(1, entries);
                ps.setString(2, hash);
                ps.setString(3, signature);
                if (ps.executeUpdate() != 1) {
                    throw new LedgerException("the ledger's head row is missing from the registry table " + HEAD);
                }
            }
            return null;
        });
    }

    @Override
    public String name() {
        return ENTRIES + " (in the registry)";
    }

    @Override
    public String headName() {
        return HEAD + " (in the registry)";
    }

    @Override
    public long read() {
        return rowsRead.get();
    }
}
