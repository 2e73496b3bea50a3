package dev.lethe.engine;

import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.StoredRequest;
import java.util.List;
import java.util.Map;

/**
 * Where completed receipts go besides the registry, e.g. the hash-chained audit ledger
 * ({@link LedgerReceiptSink}, the default of {@code lethe worker}).
 *
 * <p>The worker hands each receipt over after it is committed to the registry and before the
 * request is marked done. A crash between the two makes the restarted worker hand it over again,
 * so delivery is at-least-once: an implementation must be idempotent by
 * {@link RequestReceipt#requestId()} (record a receipt at most once).
 */
@FunctionalInterface
public interface ReceiptSink {

    /** A sink that keeps nothing (the registry's own receipts table remains). */
    ReceiptSink NONE = receipt -> {
    };

    void record(RequestReceipt receipt);

    /**
     * Records the receipts of one batch, in order. The worker calls this once per batch; a sink that can
     * make them durable together (one forced write for the batch) overrides it.
     */
    default void recordAll(List<RequestReceipt> receipts) {
        receipts.forEach(this::record);
    }

    /**
     * What the worker already holds about the batch whose receipts it delivers: its requests (still
     * open, so their payloads are there) and the records each was planned into, so that a sink needing
     * them reads nothing back from the registry.
     */
    record Batch(long id, Map<String, StoredRequest> requests, Map<String, List<Located>> planned) {
    }

    /** Records the receipts of {@code batch}, in order; by default {@link #recordAll(List)}. */
    default void recordBatch(List<RequestReceipt> receipts, Batch batch) {
        recordAll(receipts);
    }

    /** This sink, then {@code next}: idempotent when both are, so the pair satisfies this interface's contract. */
    default ReceiptSink andThen(ReceiptSink next) {
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        ReceiptSink first = this;
        return new ReceiptSink() {
            @Override
            public void record(RequestReceipt receipt) {
                first.record(receipt);
                next.record(receipt);
            }

            @Override
            public void recordAll(List<RequestReceipt> receipts) {
                first.recordAll(receipts);
                next.recordAll(receipts);
            }

            @Override
            public void recordBatch(List<RequestReceipt> receipts, Batch batch) {
                first.recordBatch(receipts, batch);
                next.recordBatch(receipts, batch);
            }
        };
    }
}
