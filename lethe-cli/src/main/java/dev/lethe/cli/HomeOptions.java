package dev.lethe.cli;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.store.LetheHome;
import picocli.CommandLine.Option;

/**
 * Where the registry lives: a Lethe home directory with an embedded database, or a PostgreSQL
 * server given by {@code --db} (user and password from the options or from {@code LETHE_DB_USER} /
 * {@code LETHE_DB_PASSWORD}). Shared by every registry command.
 */
public final class HomeOptions {

    /** The same {@code --home} as the ledger commands', so the registry and the ledger share one home. */
    @picocli.CommandLine.Mixin
    HomeOption home;

    @Option(names = "--db", paramLabel = "JDBC-URL",
            description = "Keep the registry in this database (jdbc:postgresql://…) instead of the home's embedded one; "
                    + "the home remembers it (without credentials) for later commands without --db.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: $LETHE_DB_USER).")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password (default: $LETHE_DB_PASSWORD).")
    String password;

    /**
     * Opens the home's registry. A brand-new home (no directory, or an empty one) gets its ledger keys
     * first, as {@code lethe init} makes them; an existing home never gets new keys here.
     */
    LetheHome open() {
        Ledger.initialiseIfNew(home.dir());
        return LetheHome.open(home.dir(), db, user, password);
    }

    /** Whether the home has a registry to open: a database URL was given or remembered, or the embedded one exists. */
    boolean hasRegistry() {
        return db != null || LetheHome.hasRegistry(home.dir());
    }
}
