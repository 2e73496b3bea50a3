package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;
import dev.lethe.model.OsFileLock;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The right to run a worker on a registry, held until closed or until the process ends. An embedded
 * (H2) registry has one worker at a time: the workflow's steps tolerate a second (optimistic checks
 * make it fail rather than corrupt), but two only get in each other's way, so a second one is refused
 * at once with a clear message; it is claimed by an OS file lock on {@code worker.lock} in the home.
 * A PostgreSQL registry is shared by several workers (one per {@code lethe serve} or {@code lethe
 * worker}): each holds a shared session-level advisory lock keyed by its schema, on a connection of
 * its own, and they divide the work by batch leases ({@link BatchLease}), requests claimed with
 * {@code SKIP LOCKED} and a lock per model ({@link ModelStore#lock}).
 */
public final class WorkerLease implements AutoCloseable {

    static final String LOCK_FILE = "worker.lock";
    /** The first key of the advisory lock: "LETH" in ASCII, so Lethe's lock does not clash with others'. */
    private static final int ADVISORY_CLASS = 0x4C455448;

    private final AutoCloseable held;

    private WorkerLease(AutoCloseable held) {
        this.held = held;
    }

    /**
     * @throws StoreException of kind {@link Kind#CONFLICT} when another worker holds the registry
     */
    static WorkerLease claim(Path homeDir, Database db) {
        return db.dialect() == Dialect.POSTGRESQL ? advisory(db) : fileLock(homeDir);
    }

    private static StoreException taken(String where) {
        return new StoreException(Kind.CONFLICT, "another worker is already running on the registry " + where
                + " (one worker per registry); stop it or let it finish, then try again");
    }

    private static WorkerLease fileLock(Path homeDir) {
        Path file = homeDir.resolve(LOCK_FILE);
        try {
            return new WorkerLease(OsFileLock.acquire(file, Duration.ZERO).orElseThrow(() -> taken("in " + homeDir)));
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, file + ": cannot lock it for the worker: " + e.getMessage(), e);
        }
    }

    private static WorkerLease advisory(Database db) {
        Connection c = null;
        try {
            c = db.openDedicated();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock_shared(?, hashtext(current_schema()))")) {
                ps.setInt(1, ADVISORY_CLASS);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw taken(db.where());
                    }
                }
            }
            Connection session = c;
            // unlock before closing: a closed session releases its locks only when its server process
            // has ended, which a worker started right after may not wait for
            return new WorkerLease(() -> {
                try (session; PreparedStatement unlock = session.prepareStatement(
                        "SELECT pg_advisory_unlock_shared(?, hashtext(current_schema()))")) {
                    unlock.setInt(1, ADVISORY_CLASS);
                    unlock.execute();
                }
            });
        } catch (SQLException e) {
            closeQuietly(c);
            throw SqlErrors.map(e, db.where());
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // giving up a lock we failed to take
            }
        }
    }

    /** Lets another worker take the registry. */
    @Override
    public void close() {
        closeQuietly(held);
    }
}
