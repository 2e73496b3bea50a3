package dev.lethe.cli;

import dev.lethe.engine.Workflow;
import dev.lethe.store.LetheHome;
import dev.lethe.store.StoredRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe requests}: list forget requests, or only the overdue ones. */
@Command(name = "requests", mixinStandardHelpOptions = true,
        description = "List forget requests in order of arrival with their state and statutory due date.")
final class RequestsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--overdue", description = "Only requests past their due date (one month after receipt) and not done.")
    boolean overdue;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LetheHome h = home.open()) {
            List<StoredRequest> list = Workflow.inHome(h).requests(overdue, limit);
            Instant now = Instant.now();
            for (StoredRequest r : list) {
                out.printf("%-36s %-9s due %s%s  %s%n", r.id(), r.state(), r.dueAt(), r.isOverdue(now) ? " OVERDUE" : "",
                        r.summary());
            }
            out.printf("%d request%s%s%n", list.size(), list.size() == 1 ? "" : "s", overdue ? " overdue" : "");
        }
        return Main.OK;
    }
}
