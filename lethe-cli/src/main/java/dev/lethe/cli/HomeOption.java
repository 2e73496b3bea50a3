package dev.lethe.cli;

import dev.lethe.audit.ledger.HomeSecrets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --home DIR} option of every command that uses a Lethe home (the registry, the ledger and
 * its keys): the one place that decides the default, $LETHE_HOME, else ./lethe-home.
 */
final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR",
            description = "The Lethe home: registry, ledger, signing keys (default: $LETHE_HOME, else ./lethe-home).")
    Path dir;

    Path dir() {
        if (dir != null) {
            return dir;
        }
        String env = System.getenv("LETHE_HOME");
        return env == null || env.isBlank() ? HomeSecrets.DEFAULT : Path.of(env);
    }
}
