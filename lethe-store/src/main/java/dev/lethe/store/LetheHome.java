package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;
import dev.lethe.model.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Lethe home: a directory whose registry lives in an embedded H2 database
 * ({@code registry.mv.db}) unless a PostgreSQL JDBC URL is given. User and password for PostgreSQL
 * come from the arguments or, when those are {@code null}, from the environment variables
 * {@code LETHE_DB_USER} and {@code LETHE_DB_PASSWORD}.
 *
 * <p>A home is private: the directory is created {@code 0700} and the registry file {@code 0600}
 * ({@link PrivateFiles}). Several processes may open one home at once (commands while a worker runs):
 * the first to open the embedded registry serves it to the others (H2's {@code AUTO_SERVER}, on a
 * socket bound to the loopback interface; a client needs the random key H2 writes to the private
 * {@code registry.lock.db}); when it exits, the next to connect takes over. Only one of them may be the worker ({@link #claimWorker()}).
 */
public final class LetheHome implements AutoCloseable {

    static {
        // H2's AUTO_SERVER listens on every interface unless told otherwise; a home is shared by the
        // processes of one machine only. (Read once, when H2 first loads: set before any connection.)
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /** The default home directory, relative to the working directory. */
    public static final Path DEFAULT_DIR = Path.of("lethe-home");

    private static final int POOL_SIZE = 12;

    private final Path dir;
    private final Registry registry;

    private LetheHome(Path dir, Registry registry) {
        this.dir = dir;
        this.registry = registry;
    }

    /**
     * Opens (creating if needed) the home at {@code dir} with its registry: the one whose URL the home
     * remembers ({@link RegistryLocation}), else its embedded H2 registry.
     */
    public static LetheHome open(Path dir) {
        return open(dir, null, null, null);
    }

    /**
     * Opens (creating if needed) the home at {@code dir}.
     *
     * @param dbUrl a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL, which the home remembers (without
     *              credentials) for later opens without one; or {@code null} for the registry the home
     *              remembers, else the embedded H2 registry
     */
    public static LetheHome open(Path dir, String dbUrl, String user, String password) {
        LetheHome home = connect(dir, dbUrl != null ? dbUrl : RegistryLocation.remembered(dir).orElse(null), user, password);
        if (dbUrl != null) {
            try {
                RegistryLocation.remember(dir, dbUrl);
            } catch (RuntimeException e) {
                home.close();
                throw e;
            }
        }
        return home;
    }

    /** Whether the home at {@code dir} has a registry: a remembered URL, or an embedded registry file. */
    public static boolean hasRegistry(Path dir) {
        return RegistryLocation.remembered(dir).isPresent() || java.nio.file.Files.exists(dir.resolve(H2_FILE));
    }

    private static LetheHome connect(Path dir, String dbUrl, String user, String password) {
        boolean embedded = dbUrl == null;
        try {
            PrivateFiles.createDirectories(dir);
            if (embedded) {
                // H2 would create its file with the process's default permissions: make it first, private
                PrivateFiles.createFileIfMissing(dir.resolve(H2_FILE));
            }
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, dir + ": cannot create the Lethe home: " + e.getMessage(), e);
        }
        String url = embedded ? h2Url(dir) : dbUrl;
        String u = user != null ? user : System.getenv("LETHE_DB_USER");
        String p = password != null ? password : System.getenv("LETHE_DB_PASSWORD");
        if (Dialect.of(url) == Dialect.H2 && dbUrl == null) {
            u = "sa";
            p = "";
        }
        Registry registry = new Registry(Database.open(url, u, p, POOL_SIZE), SubjectKeys.inHome(dir));
        try {
            registry.datasets().keyStoredSubjects();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return new LetheHome(dir, registry);
    }

    /**
     * Claims the registry for this process's worker until the lease is closed (or the process ends),
     * and finishes the scrub a previous worker may have left undone.
     *
     * @throws StoreException of kind {@code CONFLICT} when another worker holds it
     */
    public WorkerLease claimWorker() {
        WorkerLease lease = WorkerLease.claim(dir, registry.database());
        try {
            registry.scrubIfPending();
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return lease;
    }

    /** The embedded registry's file. */
    static final String H2_FILE = "registry.mv.db";

    /**
     * The embedded registry's URL. {@code WRITE_DELAY=0} makes H2 write each commit to the file at
     * once, so a committed step survives the worker process being killed. {@code AUTO_SERVER} lets
     * other processes share the open file (see the class comment); {@code AUTO_RECONNECT} lets their
     * connections follow it when the serving process exits. {@code TRACE_LEVEL_FILE=0} keeps H2 from
     * writing a trace file, whose error entries could quote stored values. {@code MAX_COMPACT_TIME=0}
     * keeps H2 from compacting the file each time the database closes (by default for up to 200 ms, and
     * more on a file that grew): the scrub ({@link Registry#scrubErasedData}) rewrites the whole file
     * when erased data must leave it, so a partial compaction at close is work done twice (a third of
     * the workflow benchmark's scrub after its last batch, twice over, since the scrub closes the
     * database before it rewrites the file).
     */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry")
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;TRACE_LEVEL_FILE=0;MAX_COMPACT_TIME=0";
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
