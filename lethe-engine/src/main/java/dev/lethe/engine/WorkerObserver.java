package dev.lethe.engine;

import dev.lethe.store.RequestReceipt;
import java.time.Duration;
import java.util.List;

/**
 * Told what the worker did, for metrics (the server's Prometheus figures): each batch it carried
 * out, and the receipts it handed to its sink. Called on the worker's thread; an implementation
 * must be quick and must not throw. The default does nothing.
 */
public interface WorkerObserver {

    /** Observes nothing. */
    WorkerObserver NONE = new WorkerObserver() {
    };

    /** A batch was carried out: {@code completed} requests finished, in {@code took}. */
    default void batchDone(int completed, Duration took) {
    }

    /** The receipts of one batch were handed over (at least once each; the ledger appends one entry per model receipt). */
    default void receipts(List<RequestReceipt> receipts) {
    }

    /** This observer as the sink the worker hands receipts to after its own ({@link ReceiptSink#NONE} for {@link #NONE}). */
    default ReceiptSink asSink() {
        if (this == NONE) {
            return ReceiptSink.NONE;
        }
        WorkerObserver observer = this;
        return new ReceiptSink() {
            @Override
            public void record(RequestReceipt receipt) {
                observer.receipts(List.of(receipt));
            }

            @Override
            public void recordAll(List<RequestReceipt> receipts) {
                observer.receipts(receipts);
            }
        };
    }
}
