package dev.lethe.cli;

import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.ReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.store.LetheHome;
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
        try (LetheHome h = home.open();
             // the ledger lives in the home directory, also when the registry is a PostgreSQL database
             Worker worker = new Worker(h.registry(), Worker.Config.defaults().withMaxBatch(maxBatch)
                     .withLinger(Duration.ofMillis(lingerMillis))
                     .withSink(noLedger ? ReceiptSink.NONE : LedgerReceiptSink.inHome(h.dir(), h.registry())))) {
            if (once) {
                int done = worker.drain();
                worker.settle();
                spec.commandLine().getOut().printf("completed %d request%s%n", done, done == 1 ? "" : "s");
            } else {
                spec.commandLine().getErr().println("lethe worker: processing requests; stop with Ctrl-C");
                worker.run(() -> Thread.currentThread().isInterrupted(), Duration.ofMillis(500));
            }
        }
        return Main.OK;
    }
}
