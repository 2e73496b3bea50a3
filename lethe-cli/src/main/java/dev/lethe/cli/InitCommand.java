package dev.lethe.cli;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.store.LedgerHeads;
import dev.lethe.store.LetheHome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code lethe init}: create (or upgrade) a Lethe home, its registry, and its ledger with the keys that
 * sign it; the only command that makes keys in a home that already exists (and only where it has none).
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a Lethe home: its registry, its ledger and the keys (Ed25519 signing key, subject HMAC "
                + "secret); bring an existing home's schema up to date. Existing keys are kept; a missing one is an error.")
final class InitCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        try (LetheHome h = home.open()) {
            // a registry that has recorded a ledger needs that ledger's keys: never make new ones for it
            boolean recorded = new LedgerHeads(h.registry().database()).recorded().isPresent();
            Ledger ledger = recorded ? Ledger.open(h) : Ledger.initialise(h);
            spec.commandLine().getOut().printf("Lethe home ready: %s (registry: %s, ledger: %s)%n", h.dir().toAbsolutePath(),
                    h.registry().database().dialect() == dev.lethe.store.Dialect.H2 ? "embedded H2" : "PostgreSQL",
                    ledger.inDatabase() ? ledger.where() : ledger.file().getFileName());
        }
        return Main.OK;
    }
}
