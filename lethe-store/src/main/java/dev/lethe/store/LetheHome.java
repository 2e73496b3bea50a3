package dev.lethe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Lethe home: a directory whose registry lives in an embedded H2 database
 * ({@code registry.mv.db}) unless a PostgreSQL JDBC URL is given. User and password for PostgreSQL
 * come from the arguments or, when those are {@code null}, from the environment variables
 * {@code LETHE_DB_USER} and {@code LETHE_DB_PASSWORD}.
 */
public final class LetheHome implements AutoCloseable {

    /** The default home directory, relative to the working directory. */
    public static final Path DEFAULT_DIR = Path.of("lethe-home");

    private static final int POOL_SIZE = 12;

    private final Path dir;
    private final Registry registry;

    private LetheHome(Path dir, Registry registry) {
        this.dir = dir;
        this.registry = registry;
    }

    /** Opens (creating if needed) the home at {@code dir} with its embedded H2 registry. */
    public static LetheHome open(Path dir) {
        return open(dir, null, null, null);
    }

    /**
     * Opens (creating if needed) the home at {@code dir}.
     *
     * @param dbUrl a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL, or {@code null} for the embedded H2 registry
     */
    public static LetheHome open(Path dir, String dbUrl, String user, String password) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot create the Lethe home: " + e.getMessage(), e);
        }
        String url = dbUrl == null ? h2Url(dir) : dbUrl;
        String u = user != null ? user : System.getenv("LETHE_DB_USER");
        String p = password != null ? password : System.getenv("LETHE_DB_PASSWORD");
        if (Dialect.of(url) == Dialect.H2 && dbUrl == null) {
            u = "sa";
            p = "";
        }
        return new LetheHome(dir, new Registry(Database.open(url, u, p, POOL_SIZE)));
    }

    /**
     * The embedded registry's URL. {@code WRITE_DELAY=0} makes H2 write each commit to the file at
     * once, so a committed step survives the worker process being killed.
     */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry") + ";WRITE_DELAY=0";
    }

    public Path dir() {
        return dir;
    }

    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
    }
}
