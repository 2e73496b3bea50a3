package dev.lethe.store;

import dev.lethe.model.LetheException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A JDBC database with a small pool of connections and transaction helpers. Opening it applies the
 * registry's Flyway migrations, the same scripts for H2 and PostgreSQL.
 *
 * <p>Every method that writes runs in one transaction: it commits entirely or rolls back, which is
 * what makes each workflow step all-or-nothing.
 */
public final class Database implements AutoCloseable {

    /** Work done with a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String url;
    private final Properties credentials;
    private final Dialect dialect;
    private final BlockingQueue<Connection> idle;
    private final Semaphore permits;
    private final int poolSize;
    private volatile boolean closed;

    private Database(String url, String user, String password, int poolSize) {
        this.url = url;
        this.poolSize = poolSize;
        this.dialect = Dialect.of(url);
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        if (dialect == Dialect.POSTGRESQL) {
            credentials.setProperty("reWriteBatchedInserts", "true"); // one multi-row INSERT per JDBC batch
        }
        this.idle = new ArrayBlockingQueue<>(poolSize);
        this.permits = new Semaphore(poolSize, true);
        java.nio.file.Path file = h2File();
        this.writers = file == null ? null : H2_WRITERS.computeIfAbsent(file.toAbsolutePath().normalize().toString(),
                k -> new java.util.concurrent.locks.ReentrantLock(true));
    }

    /**
     * One write transaction at a time per embedded H2 file in this process. H2's MVStore writes a
     * commit to the file at once ({@code WRITE_DELAY=0}), but it takes each map's root one after the
     * other: a transaction writing on another thread meanwhile can land in the file with its data but
     * without its undo log, and recovery after a crash ({@code kill -9}) then keeps that half of an
     * uncommitted transaction as if it had committed (seen here: a model's current-version pointer
     * advanced without the version row written in the same transaction). With writers taking turns,
     * every store sees whole transactions only. PostgreSQL needs none of this.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.locks.ReentrantLock> H2_WRITERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The turn-taking lock of this database's H2 file, or null for a server database. */
    private final java.util.concurrent.locks.ReentrantLock writers;

    /**
     * Opens (creating if needed) and migrates the database at {@code url}.
     *
     * @param poolSize the most connections used at once
     */
    public static Database open(String url, String user, String password, int poolSize) {
        Database db = new Database(url, user, password, poolSize);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Flyway reports every step at INFO through java.util.logging; a registry opens often, so keep it quiet. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    static {
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private void migrate() {
        retrying(() -> {
            try {
                Flyway.configure(Database.class.getClassLoader())
                        .dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
                        .locations("classpath:db/migration")
                        .placeholders(Map.of("bytes", dialect.bytesType(), "blob", dialect.blobType(),
                                "subjectKeyIndex", dialect.subjectKeyIndex()))
                        .load()
                        .migrate();
                return null;
            } catch (FlywayException e) {
                // Flyway wraps the driver's failure: judge (and retry) by the SQL error underneath
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof SQLException sql) {
                        throw sql;
                    }
                }
                throw new StoreException(LetheException.Kind.INTERNAL, "cannot migrate the registry " + redacted() + ": "
                        + e.getMessage(), e);
            }
        });
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** Runs {@code work} with a pooled connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        return retrying(() -> {
            Connection c = acquire();
            boolean broken = false;
            try {
                c.setAutoCommit(true);
                return work.run(c);
            } catch (SQLException e) {
                broken = isConnectionError(e);
                throw e;
            } finally {
                release(c, broken);
            }
        });
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. A
     * transaction cut off by a lost connection (another process compacting the registry, say) before
     * its commit is rolled back and run again; one whose commit fails is not, as its outcome is unknown.
     */
    public <T> T transaction(Work<T> work) {
        if (writers != null) {
            writers.lock();
            try {
                return transactionOnce(work);
            } finally {
                writers.unlock();
            }
        }
        return transactionOnce(work);
    }

    private <T> T transactionOnce(Work<T> work) {
        return retrying(() -> {
            Connection c = acquire();
            boolean broken = false;
            try {
                c.setAutoCommit(false);
                T result;
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException | Error e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollbackFailure) {
                        broken = true;
                        e.addSuppressed(rollbackFailure);
                    }
                    throw e;
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    broken = true;
                    throw SqlErrors.map(e, redacted());
                }
                return result;
            } catch (SQLException e) {
                broken = broken || isConnectionError(e);
                throw e;
            } finally {
                release(c, broken);
            }
        });
    }

    /** One try at some database work; {@link #retrying} decides whether a failure earns another. */
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    /**
     * How long work waits for the registry to come back: an embedded H2 registry is away while another
     * process compacts it (seconds for a large file); a PostgreSQL server that refuses is likely down.
     * A file held by a process that does not share it is reported once this has passed.
     */
    private long retryNanos() {
        return dialect == Dialect.H2 ? 30_000_000_000L : 5_000_000_000L;
    }

    private <T> T retrying(Attempt<T> attempt) {
        long deadline = System.nanoTime() + retryNanos();
        long pause = 10;
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || closed || System.nanoTime() - deadline > 0) {
                    throw SqlErrors.map(e, redacted());
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(LetheException.Kind.UNAVAILABLE, "interrupted while waiting for the registry " + redacted());
            }
            pause = Math.min(500, pause * 2);
        }
    }

    private static boolean isConnectionError(SQLException e) {
        return SqlErrors.isTransient(e);
    }

    private Connection acquire() throws SQLException {
        if (closed) {
            throw new StoreException(LetheException.Kind.UNAVAILABLE, "the registry is closed");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(LetheException.Kind.UNAVAILABLE, "interrupted while waiting for a database connection");
        }
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            return connect();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /**
     * A new physical connection. Opening an embedded H2 file (again: after the last connection closed,
     * after a compaction, after the serving process exited) makes H2 write its lock file with default
     * permissions; inside the private home nobody else could read it meanwhile, and it is made
     * {@code 0600} at once.
     */
    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, credentials);
        java.nio.file.Path file = h2File();
        if (file != null) {
            String name = file.getFileName().toString();
            try {
                dev.lethe.model.PrivateFiles.restrict(file.resolveSibling(name.substring(0, name.length() - ".mv.db".length())
                        + ".lock.db"));
            } catch (java.io.IOException e) {
                c.close();
                throw new StoreException(LetheException.Kind.UNAVAILABLE, file + ": cannot make its lock file private: "
                        + e.getMessage(), e);
            }
        }
        return c;
    }

    /**
     * Runs {@code maintenance} on a connection of its own while no other work of this process holds
     * one: it waits for every pooled connection to come back, keeps one of them for the maintenance and
     * closes the others (a maintenance step such as {@code SHUTDOWN} ends them anyway), and lets work
     * resume when it is done. Keeping one open keeps an embedded database open: closing them all would
     * close it, only for the maintenance to open it again.
     */
    void exclusive(Work<Void> maintenance) {
        permits.acquireUninterruptibly(poolSize);
        try {
            Connection[] kept = {idle.poll()};
            closeIdle();
            retrying(() -> {
                Connection reused = kept[0];
                kept[0] = null; // a retry after a lost connection starts afresh
                try (Connection own = reused != null && !reused.isClosed() ? reused : connect()) {
                    own.setAutoCommit(true);
                    return maintenance.run(own);
                }
            });
        } finally {
            permits.release(poolSize);
        }
    }

    private void release(Connection c, boolean broken) {
        try {
            if (broken || closed || !idle.offer(c)) {
                closeQuietly(c);
            }
            if (broken) {
                closeIdle(); // a lost connection usually means the database was shut down (compacted): the idle ones are gone too
            }
        } finally {
            permits.release();
        }
    }

    /** A connection outside the pool, for a session-level lock held as long as it is open. */
    Connection openDedicated() throws SQLException {
        return connect();
    }

    /** The database named for messages: its URL without parameters. */
    String where() {
        return redacted();
    }

    /** The URL without its parameters (which may hold a password), for messages. */
    private String redacted() {
        int q = url.indexOf(dialect == Dialect.H2 ? ';' : '?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection we no longer use
        }
    }

    /**
     * Makes rows deleted so far unrecoverable from the database's storage, while other connections,
     * of this process and of others, may be open. H2 keeps deleted rows in stale pages until its file
     * is rewritten (and deleted keys in the inner pages of its indexes, none of which has personal data as
     * keys: see {@link SubjectKeys}): {@link H2Rewrite} shuts the
     * database down and writes the live pages, uncompressed, to a new file that replaces the old one
     * ({@code SHUTDOWN COMPACT}, which compresses every page, when another process reopened the file
     * first); either ends every connection, which reconnect by themselves (the H2 URL of a home has
     * {@code AUTO_SERVER}, and {@link #read}/{@link #transaction} retry work cut off by it). PostgreSQL
     * keeps dead tuples until vacuumed: {@code VACUUM FULL} rewrites each table that held erased data
     * into a new file (see the README for what that does not reach: WAL, replicas, backups).
     */
    void scrub() {
        java.nio.file.Path file = h2File();
        exclusive(c -> {
            if (file == null) {
                run(c, dialect.scrubStatements());
            } else if (!H2Rewrite.shutDownAndRewrite(c, file)) {
                try (Connection throughOther = connect()) {
                    run(throughOther, dialect.scrubStatements());
                }
            }
            return null;
        });
        if (file != null) {
            try {
                dev.lethe.model.PrivateFiles.restrict(file); // the compacted file is new, made with default permissions
            } catch (java.io.IOException e) {
                throw new StoreException(LetheException.Kind.UNAVAILABLE, file + ": cannot make it private: " + e.getMessage(), e);
            }
        }
    }

    private static void run(Connection c, java.util.List<String> statements) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The file of an embedded H2 database ({@code NAME.mv.db}), or null for a server database. */
    java.nio.file.Path h2File() {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        String rest = url.substring(prefix.length());
        int semi = rest.indexOf(';');
        return java.nio.file.Path.of((semi < 0 ? rest : rest.substring(0, semi)) + ".mv.db");
    }

    private void closeIdle() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }
}
