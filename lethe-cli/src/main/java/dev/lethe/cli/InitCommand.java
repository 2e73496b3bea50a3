package dev.lethe.cli;

import dev.lethe.store.LetheHome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lethe init}: create (or upgrade) a Lethe home and its registry. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a Lethe home and its registry (or bring an existing one's schema up to date).")
final class InitCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        try (LetheHome h = home.open()) {
            spec.commandLine().getOut().printf("Lethe home ready: %s (registry: %s)%n", h.dir().toAbsolutePath(),
                    h.registry().database().dialect() == dev.lethe.store.Dialect.H2 ? "embedded H2" : "PostgreSQL");
        }
        return Main.OK;
    }
}
