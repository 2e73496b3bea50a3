package dev.lethe.cli;

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
            description = "Keep the registry in this database (jdbc:postgresql://…) instead of the home's embedded one.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: $LETHE_DB_USER).")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password (default: $LETHE_DB_PASSWORD).")
    String password;

    LetheHome open() {
        return LetheHome.open(home.dir(), db, user, password);
    }
}
