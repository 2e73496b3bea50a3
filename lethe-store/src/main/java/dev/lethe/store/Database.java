package dev.lethe.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.flywaydb.core.Flyway;

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
    private volatile boolean closed;

    private Database(String url, String user, String password, int poolSize) {
        this.url = url;
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
    }

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
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
                .locations("classpath:db/migration")
                .placeholders(Map.of("bytes", dialect.bytesType(), "blob", dialect.blobType()))
                .load()
                .migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** Runs {@code work} with a pooled connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        Connection c = acquire();
        boolean broken = false;
        try {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            broken = isConnectionError(e);
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            release(c, broken);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(Work<T> work) {
        Connection c = acquire();
        boolean broken = false;
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    broken = true;
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            broken = broken || isConnectionError(e);
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            release(c, broken);
        }
    }

    private static boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    private Connection acquire() {
        if (closed) {
            throw new StoreException("the registry is closed");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection");
        }
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            return DriverManager.getConnection(url, credentials);
        } catch (SQLException e) {
            permits.release();
            throw new StoreException("cannot connect to " + redacted() + ": " + e.getMessage(), e);
        }
    }

    private void release(Connection c, boolean broken) {
        try {
            if (broken || closed || !idle.offer(c)) {
                closeQuietly(c);
            }
        } finally {
            permits.release();
        }
    }

    private String redacted() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection we no longer use
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }
}
