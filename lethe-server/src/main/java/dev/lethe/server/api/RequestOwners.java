package dev.lethe.server.api;

import dev.lethe.model.ConflictException;
import dev.lethe.model.LetheException;
import dev.lethe.server.Principal;
import dev.lethe.server.RequestQuery;
import dev.lethe.server.Role;
import dev.lethe.store.Database;
import dev.lethe.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Which API key submitted each request through the native API (migration V101), so that a
 * {@code controller} key reads only the requests it submitted there or through OpenDSR, while an
 * {@code officer} reads every request. Other roles do not read requests at all.
 */
final class RequestOwners {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    RequestOwners(Database db) {
        this.db = db;
    }

    /** Records that {@code by} submitted the request {@code id} it just created. */
    void created(String id, Principal by) {
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_request_owners (request_id, key_id) VALUES (?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, by.keyId());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()))) {
                throw e;
            }
        }
    }

    /**
     * Checks that {@code by} may resubmit the existing request {@code id}: a controller only its own
     * (the ID is taken otherwise; the answer says nothing of the other request).
     */
    void resubmitted(String id, Principal by) {
        if (by.role() == Role.CONTROLLER && !owner(id).filter(by.keyId()::equals).isPresent()) {
            throw new ConflictException("request ID " + LetheException.quote(id) + " is taken; choose another");
        }
    }

    /** Whether {@code reader} may read request {@code id}. */
    boolean mayRead(String id, Principal reader) {
        return reader.role() != Role.CONTROLLER || scope(new RequestQuery().id(id), reader).count(db) > 0;
    }

    /** {@code query} narrowed to what {@code reader} may read. */
    static RequestQuery scope(RequestQuery query, Principal reader) {
        return reader.role() == Role.CONTROLLER ? query.submittedBy(reader.keyId()) : query;
    }

    private Optional<String> owner(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM api_request_owners WHERE request_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }
}
