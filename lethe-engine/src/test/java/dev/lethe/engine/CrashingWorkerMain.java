package dev.lethe.engine;

import dev.lethe.store.LetheHome;
import dev.lethe.store.WorkerLease;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A worker for crash tests, run in a child JVM: {@code CrashingWorkerMain HOME [JDBC-URL]} drains the
 * home's requests and halts the JVM dead (exit status 137, no shutdown hooks, no database close, as
 * {@code kill -9} would) the chosen time it reaches the step named by {@code -Dlethe.fault.halt=STEP[:n]}.
 * Receipts also go to the file named by {@code -Dlethe.receipts.file} and to the home's ledger with
 * {@code -Dlethe.receipts.ledger=true}. {@code -Dlethe.worker.lease-ms} and {@code -Dlethe.worker.max-batch} set the
 * worker's batch lease and batch size.
 */
public final class CrashingWorkerMain {

    /** System property naming the step (and occurrence) at which the worker halts the JVM. */
    static final String HALT_PROPERTY = "lethe.fault.halt";
    /** System property: the worker's batch lease in milliseconds (how soon another worker takes over a halted batch). */
    static final String LEASE_PROPERTY = "lethe.worker.lease-ms";
    /** System property: the most requests per batch. */
    static final String MAX_BATCH_PROPERTY = "lethe.worker.max-batch";

    private CrashingWorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: CrashingWorkerMain HOME [JDBC-URL]");
            System.exit(2);
        }
        try (LetheHome home = LetheHome.open(Path.of(args[0]), args.length > 1 ? args[1] : null, null, null);
             WorkerLease lease = home.claimWorker();
             Worker worker = new Worker(home.registry(), Worker.Config.defaults().withFaults(fromSystemProperties())
                     .withSink(sinkFromProperties(home))
                     .withLease(java.time.Duration.ofMillis(Long.getLong(LEASE_PROPERTY, 30_000)))
                     .withMaxBatch(Integer.getInteger(MAX_BATCH_PROPERTY, 2000)))) {
            int done = worker.drain();
            System.out.println("completed " + done + " requests");
        }
    }

    /** Halts the JVM (exit status 137, no shutdown hooks) the {@code occurrence}-th time {@code step} is reached. */
    static Faults haltAt(Step step, int occurrence) {
        int[] seen = {0};
        return reached -> {
            if (reached == step && ++seen[0] == occurrence) {
                Runtime.getRuntime().halt(137);
            }
        };
    }

    private static Faults fromSystemProperties() {
        String spec = System.getProperty(HALT_PROPERTY);
        if (spec == null || spec.isBlank()) {
            return Faults.NONE;
        }
        String[] parts = spec.split(":");
        return haltAt(Step.valueOf(parts[0].trim().toUpperCase(Locale.ROOT)),
                parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 1);
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
