package dev.lethe.engine;

import dev.lethe.store.LetheHome;
import dev.lethe.store.WorkerLease;
import java.nio.file.Path;

/**
 * Runs a worker over a Lethe home until no request is waiting: {@code WorkerMain HOME [JDBC-URL]}.
 * Honours {@code -Dlethe.fault.halt=STEP} (see {@link Faults#fromSystemProperties()}), which is how
 * the crash tests stop it at a chosen step. Receipts go to the registry, and also to the file named by
 * {@code -Dlethe.receipts.file} and to the home's ledger with {@code -Dlethe.receipts.ledger=true}.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: WorkerMain HOME [JDBC-URL]");
            System.exit(2);
        }
        try (LetheHome home = LetheHome.open(Path.of(args[0]), args.length > 1 ? args[1] : null, null, null);
             WorkerLease lease = home.claimWorker()) {
            Worker worker = new Worker(home.registry(), Worker.Config.defaults().withFaults(Faults.fromSystemProperties())
                    .withSink(sinkFromProperties(home)));
            int done = worker.drain();
            System.out.println("completed " + done + " requests");
        }
    }

    private static ReceiptSink sinkFromProperties(LetheHome home) {
        String file = System.getProperty("lethe.receipts.file");
        ReceiptSink sink = file == null ? ReceiptSink.NONE : new FileReceiptSink(Path.of(file));
        if (Boolean.getBoolean("lethe.receipts.ledger")) {
            sink = sink.andThen(LedgerReceiptSink.inHome(home.dir(), home.registry()));
        }
        return sink;
    }
}
