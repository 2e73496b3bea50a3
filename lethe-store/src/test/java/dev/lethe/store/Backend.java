package dev.lethe.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases the registry tests run against: embedded H2 in a temporary home, and a real
 * PostgreSQL server named by the system property {@code lethe.test.pg.url} or the environment
 * variable {@code LETHE_TEST_PG_URL} (user and password from {@code LETHE_DB_USER} /
 * {@code LETHE_DB_PASSWORD}). Each PostgreSQL home gets a fresh schema so tests do not share state.
 * Without the URL the PostgreSQL tests fail: they are required, not optional.
 */
public enum Backend {
    H2, POSTGRESQL;

    public LetheHome open(Path dir) {
        return this == H2 ? TestHomes.open(dir) : TestHomes.open(dir, freshSchemaUrl(), user(), password());
    }

    /** The URL to reopen the same database later (for H2: null, the home's own). */
    public String url(LetheHome home) {
        return this == H2 ? null : home.registry().database().url();
    }

    public static String pgUrl() {
        String url = System.getProperty("lethe.test.pg.url", System.getenv("LETHE_TEST_PG_URL"));
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("the PostgreSQL tests need a server: set LETHE_TEST_PG_URL (or -Dlethe.test.pg.url) "
                    + "to a JDBC URL such as jdbc:postgresql://127.0.0.1:55432/lethe_test, with LETHE_DB_USER and "
                    + "LETHE_DB_PASSWORD; `. .ci/postgres.sh` starts one and sets them");
        }
        return url;
    }

    public static String user() {
        return System.getProperty("lethe.test.pg.user", System.getenv("LETHE_DB_USER"));
    }

    public static String password() {
        return System.getProperty("lethe.test.pg.password", System.getenv("LETHE_DB_PASSWORD"));
    }

    /** Creates a new schema in the test database and returns a URL whose connections use it. */
    public static String freshSchemaUrl() {
        String base = pgUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(base, user(), password()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the PostgreSQL test server at " + base + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
