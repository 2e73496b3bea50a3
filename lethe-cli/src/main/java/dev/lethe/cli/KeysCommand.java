package dev.lethe.cli;

import dev.lethe.server.Role;
import dev.lethe.server.auth.ApiKey;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.server.auth.CreatedKey;
import dev.lethe.store.LetheHome;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lethe keys create|list|revoke}: the API keys of {@code lethe serve}, kept in the registry. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list or revoke the server's API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lethe keys create --role ROLE}: prints the new key once; only its salted hash is stored. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create an API key and print it once as ID.SECRET (only a salted hash is stored).")
    static final class Create implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "controller, officer, engineer or admin.")
        String role;

        @Option(names = "--name", paramLabel = "NAME", description = "What the key is for (shown by `lethe keys list`).")
        String name;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            Role r = Role.ofKey(role);
            try (LetheHome h = home.open()) {
                CreatedKey k = new ApiKeyStore(h.registry().database()).create(r, name);
                PrintWriter out = spec.commandLine().getOut();
                out.println(k.printed());
                spec.commandLine().getErr().printf("created %s key %s; it is shown only this once%n",
                        r.name().toLowerCase(java.util.Locale.ROOT), k.key().id());
            }
            return Main.OK;
        }
    }

    /** {@code lethe keys list}: every key with its role and dates, never a secret. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the API keys (IDs and roles, never secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (LetheHome h = home.open()) {
                List<ApiKey> keys = new ApiKeyStore(h.registry().database()).list();
                for (ApiKey k : keys) {
                    out.printf("%-14s %-10s created %s%s  %s%n", k.id(), k.role().name().toLowerCase(java.util.Locale.ROOT),
                            k.createdAt(), k.isRevoked() ? "  REVOKED " + k.revokedAt() : "", k.name() == null ? "" : k.name());
                }
                out.printf("%d key%s%n", keys.size(), keys.size() == 1 ? "" : "s");
            }
            return Main.OK;
        }
    }

    /** {@code lethe keys revoke ID}: the key stops working at the server's next request. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key; it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "KEY-ID")
        String id;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            try (LetheHome h = home.open()) {
                ApiKey k = new ApiKeyStore(h.registry().database()).revoke(id);
                spec.commandLine().getOut().printf("revoked %s (%s) at %s%n", k.id(),
                        k.role().name().toLowerCase(java.util.Locale.ROOT), k.revokedAt());
            }
            return Main.OK;
        }
    }
}
