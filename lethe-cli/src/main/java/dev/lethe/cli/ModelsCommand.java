package dev.lethe.cli;

import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelEvent;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.VersionInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lethe models}: every model with its versions and lineage. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the registry's models with their versions, lineage (records held) and retraining events.")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LetheHome h = home.open()) {
            for (ModelInfo m : h.registry().models().list()) {
                out.printf("%s  %s on %s, current version %d%n", m.name(), m.family(),
                        h.registry().datasets().get(m.datasetId()).name(), m.currentVersion());
                DpTraining.describe(m.family(), m.settings()).ifPresent(out::println);
                for (VersionInfo v : h.registry().models().versions(m.name())) {
                    out.printf("  v%-4d %-8s %7d records  sha256 %s  %s%s%n", v.version(), v.cause(), v.liveRecords(),
                            v.sha256().substring(0, 16), v.createdAt(), v.isPurged() ? "  purged " + v.purgedAt() : "");
                }
                for (ModelEvent e : h.registry().models().events(m.name())) {
                    out.printf("  event v%d %s: %s%n", e.version(), e.event(), e.detail());
                }
            }
        }
        return Main.OK;
    }
}
