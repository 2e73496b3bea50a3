package dev.lethe.cli;

import dev.lethe.engine.KeyedSummaries;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.ReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.model.LetheException;
import dev.lethe.store.LetheHome;
import dev.lethe.store.StoreException;
import dev.lethe.store.WorkerLease;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe worker}: carry out pending forget requests. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Carry out pending forget requests in batches: forget in every model, purge old versions, erase "
                + "the records, write receipts and append each to the signed ledger of the Lethe home. Safe to kill and "
                + "restart at any point.")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--once", description = "Process every pending request, then exit (default: keep running).")
    boolean once;

    @Option(names = "--max-batch", defaultValue = "2000", description = "Most requests per batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--linger", defaultValue = "0", description = "Milliseconds to let requests gather before "
            + "planning a batch smaller than --max-batch, when they reach an idle worker (default: ${DEFAULT-VALUE}: "
            + "at once). Fewer, larger batches store fewer model versions; each request waits up to this much longer.")
    long lingerMillis;

    @Option(names = "--scrub-interval", defaultValue = "0", paramLabel = "MINUTES", description = "Rewrite the registry "
            + "to remove erased data at most once per this many minutes, at the latest that long after a batch (default: "
            + "${DEFAULT-VALUE}: after every batch; at most 1440). Each rewrite costs a pass over the whole registry.")
    long scrubMinutes;

    @Option(names = "--no-ledger", description = "Do not append the receipts to the ledger of the Lethe home.")
    boolean noLedger;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() throws InterruptedException {
        if (maxBatch < 1) {
            throw new Main.UserError("--max-batch must be at least 1, got " + maxBatch);
        }
        if (lingerMillis < 0) {
            throw new Main.UserError("--linger must be zero or more milliseconds, got " + lingerMillis);
        }
        if (scrubMinutes < 0 || scrubMinutes > 1440) {
            throw new Main.UserError("--scrub-interval must be 0 to 1440 minutes, got " + scrubMinutes);
        }
        try (LetheHome h = home.open(); WorkerLease lease = h.claimWorker()) {
            h.registry().scrubAtMostEvery(Duration.ofMinutes(scrubMinutes));
            KeyedSummaries.migrate(h, KeyedSummaries.subjectHash(h));
            // the ledger lives in the home directory, also when the registry is a PostgreSQL database
            ReceiptSink sink = noLedger ? ReceiptSink.NONE : LedgerReceiptSink.inHome(h.dir(), h.registry());
            Worker.Config config = Worker.Config.defaults().withMaxBatch(maxBatch)
                    .withLinger(Duration.ofMillis(lingerMillis)).withSink(sink);
            if (once) {
                try (Worker worker = new Worker(h.registry(), config)) {
                    int done = worker.drain();
                    worker.settle();
                    spec.commandLine().getOut().printf("completed %d request%s%n", done, done == 1 ? "" : "s");
                }
            } else {
                spec.commandLine().getErr().println("lethe worker: processing requests; stop with Ctrl-C");
                runUntilStopped(h, config);
            }
        }
        return Main.OK;
    }

    /**
     * Runs a worker until interrupted. When the registry drops away under it (another process that was
     * serving the embedded registry exited mid-commit, or the database server restarted) it goes on as
     * a restarted worker would: every step is idempotent, a failed model's cache entry is dropped, and
     * the batch resumes from its last committed step.
     */
    private void runUntilStopped(LetheHome h, Worker.Config config) throws InterruptedException {
        try (Worker worker = new Worker(h.registry(), config)) {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    worker.run(() -> Thread.currentThread().isInterrupted(), Duration.ofMillis(500));
                    return;
                } catch (StoreException e) {
                    if (e.kind() != LetheException.Kind.UNAVAILABLE) {
                        throw e;
                    }
                    spec.commandLine().getErr().println("lethe worker: " + e.getMessage() + "; resuming in 5 s");
                    Thread.sleep(5000);
                }
            }
        }
    }
}
