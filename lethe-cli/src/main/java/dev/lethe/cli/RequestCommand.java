package dev.lethe.cli;

import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestStore;
import dev.lethe.store.StoredRequest;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lethe request}: submit forget requests and follow them. */
@Command(name = "request", mixinStandardHelpOptions = true, description = "Submit a forget request or show its status.",
        subcommands = {RequestCommand.Forget.class, RequestCommand.Status.class})
final class RequestCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What to forget: exactly one of the kinds. */
    static final class What {
        @Option(names = "--subject", paramLabel = "ID", description = "Every record of this data subject.")
        String subject;

        @Option(names = "--records", split = ",", paramLabel = "ID", description = "These registry record IDs (comma-separated).")
        List<Long> records;

        @Option(names = "--feature", paramLabel = "NAME", description = "This feature, in every model that has it.")
        String feature;

        @Option(names = "--class", paramLabel = "LABEL", description = "Every record of this class.")
        String label;

        ForgetRequest request() {
            if (subject != null) {
                return new ForgetRequest.Subject(subject);
            }
            if (records != null) {
                return new ForgetRequest.Records(new LinkedHashSet<>(records));
            }
            if (feature != null) {
                return new ForgetRequest.Feature(feature);
            }
            return new ForgetRequest.ClassLabel(label);
        }
    }

    /** {@code lethe request forget}: store a request durably; a worker carries it out. */
    @Command(name = "forget", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Submit a forget request; it is stored before this returns and carried out by `lethe worker`.")
    static final class Forget implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        @Option(names = "--id", paramLabel = "REQUEST-ID",
                description = "Your ID for the request (e.g. a ticket number); resubmitting it is harmless (default: random).")
        String id;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            try (LetheHome h = home.open()) {
                RequestStore.Submission s = Workflow.inHome(h)
                        .submit(id == null ? UUID.randomUUID().toString() : id, what.request());
                StoredRequest r = h.registry().requests().get(s.id());
                spec.commandLine().getOut().printf("%s request %s: %s, due %s%n", s.created() ? "submitted" : "already submitted",
                        r.id(), r.summary(), r.dueAt());
            }
            return Main.OK;
        }
    }

    /** {@code lethe request status ID}: the state of one request, with its receipt once done. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a request's state and, once done, its receipt.")
    static final class Status implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "REQUEST-ID")
        String id;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (LetheHome h = home.open()) {
                Workflow workflow = Workflow.inHome(h);
                StoredRequest r = workflow.status(id);
                out.printf("request %s: %s%n  %s%n  received %s, due %s%s%n", r.id(), r.state(), r.summary(), r.receivedAt(),
                        r.dueAt(), r.isOverdue(java.time.Instant.now()) ? "  OVERDUE" : "");
                if (r.error() != null) {
                    out.printf("  failed: %s%n", r.error());
                }
                Optional<RequestReceipt> receipt = workflow.receipt(id);
                if (receipt.isPresent()) {
                    RequestReceipt rr = receipt.get();
                    out.printf("  completed %s: %d stored records erased%s%n", rr.completedAt(), rr.recordsErased(),
                            rr.datasets().isEmpty() ? " (no record of this request is held)" : " from " + rr.datasets());
                    for (ModelReceipt m : rr.models()) {
                        out.printf("  model %s v%d (%s): %d records forgotten, %s, state %s → %s%s%n", m.modelName(), m.version(),
                                m.receipt().family(), m.receipt().recordCount(), m.receipt().guarantee(),
                                abbreviate(m.receipt().digestBefore()), abbreviate(m.receipt().digestAfter()),
                                m.batchRequests() > 1 ? " (one forget for a batch of " + m.batchRequests() + " requests)" : "");
                    }
                }
            }
            return Main.OK;
        }

        private static String abbreviate(String digest) {
            return digest == null ? "-" : digest.substring(0, Math.min(12, digest.length()));
        }
    }
}
