package dev.lethe.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's record of where the home's signed ledger ended (table {@code ledger_heads}): its
 * length and last hash after the worker's latest append, and the first batch recorded in it. The
 * ledger's own head file can be deleted together with the ledger; this record cannot without
 * destroying the registry, so {@code lethe ledger verify} checks the ledger against it and against
 * the requests the registry says are done.
 */
public final class LedgerHeads {

    /** Where the ledger ended after the latest recorded append, and since which batch receipts reach it. */
    public record Recorded(long entries, String hash, long sinceBatch, Instant at) {
    }

    private final Database db;

    public LedgerHeads(Database db) {
        this.db = db;
    }

    /**
     * Records the ledger's length and last hash after an append of batch {@code batchId}'s receipts. A
     * record never goes back: a shorter length than recorded is ignored (verification reports it).
     */
    public void record(long entries, String hash, long batchId, Instant at) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ledger_heads SET entries = ?, hash = ?, recorded_at = ? WHERE id = 1 AND entries <= ?")) {
                ps.setLong(1, entries);
                ps.setString(2, hash);
                ps.setLong(3, at.toEpochMilli());
                ps.setLong(4, entries);
                if (ps.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ledger_heads WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_heads (id, entries, hash, since_batch, recorded_at) VALUES (1, ?, ?, ?, ?)")) {
                ps.setLong(1, entries);
                ps.setString(2, hash);
                ps.setLong(3, batchId);
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** What was recorded, or empty when no receipt of this registry ever reached a ledger. */
    public Optional<Recorded> recorded() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT entries, hash, since_batch, recorded_at FROM ledger_heads WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Recorded(rs.getLong(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))))
                        : Optional.empty();
            }
        });
    }

    /** The IDs of the requests done in batch {@code sinceBatch} or later: each must have a ledger entry. */
    public List<String> completedSince(long sinceBatch) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM requests WHERE state = ? AND batch_id >= ? ORDER BY seq")) {
                ps.setString(1, RequestState.DONE.name());
                ps.setLong(2, sinceBatch);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
