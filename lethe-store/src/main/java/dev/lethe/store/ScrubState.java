package dev.lethe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether the registry's storage may still hold erased data: marked in the transaction that erases,
 * cleared after {@link Registry#scrubErasedData()} rewrote the storage. A worker that dies between
 * the two leaves it marked, and the next worker to claim the registry scrubs first.
 */
final class ScrubState {

    private ScrubState() {
    }

    /** Marks the storage as holding erased data, inside the erasing transaction. */
    static void markPending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE scrub_state SET pending = TRUE WHERE id = 1 AND pending = FALSE")) {
            ps.executeUpdate();
        }
    }

    static boolean pending(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pending FROM scrub_state WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    static void clear(Database db) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE scrub_state SET pending = FALSE WHERE id = 1")) {
                return ps.executeUpdate();
            }
        });
    }
}
