package dev.lethe.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The registry's record of which subject secret its homes use (table {@code subject_key_check}, V150):
 * a keyed fingerprint of the secret, never the secret. Every home sharing a registry must hash subject
 * IDs with the same secret, or one home's keyed hashes miss the requests another stored.
 */
public final class SubjectKeyRecord {

    /** SQLState of a unique-key violation (H2 and PostgreSQL alike): another home recorded first. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    public SubjectKeyRecord(Database db) {
        this.db = db;
    }

    /** The fingerprint recorded, or empty when no home has opened this registry with a secret yet. */
    public Optional<String> recorded() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM subject_key_check WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /**
     * Records {@code fingerprint} unless one is recorded already, and returns the one the registry holds
     * now: {@code fingerprint} if this call (or an earlier one with it) was first, another home's otherwise.
     */
    public String recordIfAbsent(String fingerprint) {
        Optional<String> existing = recorded();
        if (existing.isPresent()) {
            return existing.get();
        }
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO subject_key_check (id, fingerprint, recorded_at) VALUES (1, ?, ?)")) {
                ps.setString(1, fingerprint);
                ps.setLong(2, Instant.now().toEpochMilli());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // another home recorded its fingerprint between our read and this insert: compare with that one
            }
            return null;
        });
        return recorded().orElseThrow(() -> new IllegalStateException("the subject key fingerprint was not recorded"));
    }
}
