package dev.lethe.server.opendsr;

import dev.lethe.store.LetheHome;
import dev.lethe.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Where one part of {@code lethe bench serve} keeps its registry: the embedded H2 database of a
 * temporary home, or, given {@code --db}, a fresh schema of that PostgreSQL database (user and
 * password from {@code LETHE_DB_USER} / {@code LETHE_DB_PASSWORD}), dropped when the part ends, so
 * the benchmark never touches what the database already holds.
 */
final class BenchRegistry implements AutoCloseable {

    private final String baseUrl;
    private final String schema;

    private BenchRegistry(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /** @param dbUrl a {@code jdbc:postgresql:} URL, or null for embedded H2 */
    static BenchRegistry create(String dbUrl) {
        if (dbUrl == null) {
            return new BenchRegistry(null, null);
        }
        String schema = "lethe_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute(dbUrl, "CREATE SCHEMA " + schema);
        return new BenchRegistry(dbUrl, schema);
    }

    boolean shared() {
        return baseUrl != null;
    }

    String describe() {
        return baseUrl == null ? "H2" : "PostgreSQL";
    }

    /** The home at {@code dir} over this registry; several may be open at once on PostgreSQL (one per server). */
    LetheHome open(Path dir) {
        return baseUrl == null ? LetheHome.open(dir)
                : LetheHome.open(dir, baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null);
    }

    @Override
    public void close() {
        if (baseUrl != null) {
            execute(baseUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, System.getenv("LETHE_DB_USER"), System.getenv("LETHE_DB_PASSWORD"));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new StoreException(dev.lethe.model.LetheException.Kind.UNAVAILABLE, "cannot prepare the benchmark's schema in "
                    + url.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
        }
    }
}
