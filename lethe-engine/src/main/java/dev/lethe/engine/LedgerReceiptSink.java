package dev.lethe.engine;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerHead;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.LedgerHeads;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The receipt sink that records each completed request in the signed, hash-chained audit
 * {@link Ledger} of the Lethe home: one entry per request, appended under its request ID so that a
 * receipt handed over again after a crash is not recorded twice (the ledger's idempotent append). A
 * batch's receipts are appended together, with one write forced to disk.
 *
 * <p>The entry's records are every stored record the request erased; its guarantee is the weakest of
 * the models' guarantees ({@code EXACT} when no model held the records); each model's own receipt is
 * kept in the details ({@code model.NAME.version}, {@code .guarantee}, {@code .records},
 * {@code .digestBefore}, {@code .digestAfter}, {@code .family}). A subject is written only as the
 * ledger's keyed hash: the sink reads the subject ID from the registry while the request is still
 * open (the worker delivers before it marks the request done), never from the receipt.
 *
 * <p>After each append the sink records the ledger's length and last hash in the registry
 * ({@link LedgerHeads}), where deleting the ledger files cannot take it along: {@code lethe ledger verify}
 * checks the ledger against it. A batch whose receipt starts from a model state the ledger has
 * already seen the model leave is refused by the ledger ({@link dev.lethe.model.ConflictException}).
 */
public final class LedgerReceiptSink implements ReceiptSink {

    private final Ledger ledger;
    private final Registry registry;
    private final LedgerHeads heads;
    /** The requests and planned records of the batch delivered last (a batch's receipts arrive together). */
    private long batch = Long.MIN_VALUE;
    private Map<String, List<Located>> planned = Map.of();
    private Map<String, StoredRequest> requests = Map.of();
    /** Each model's detail keys, made once ({@link #modelKeys(String)}): a batch's entries repeat them thousands of times. */
    private final Map<String, String[]> modelKeys = new java.util.HashMap<>();

    public LedgerReceiptSink(Ledger ledger, Registry registry) {
        this.ledger = ledger;
        this.registry = registry;
        this.heads = new LedgerHeads(registry.database());
    }

    /**
     * The sink for the ledger of the Lethe home {@code homeDir} whose registry is {@code registry}: in the
     * registry database when that is PostgreSQL, in the home's file otherwise ({@link Ledger#open(Path, dev.lethe.store.Database)}).
     *
     * @throws dev.lethe.model.NotFoundException when a key of the home is missing (keys are made by {@code lethe init})
     * @throws dev.lethe.model.ConflictException when the registry's ledger was signed with other keys (copy them here)
     */
    public static LedgerReceiptSink inHome(Path homeDir, Registry registry) {
        Ledger ledger = Ledger.open(homeDir, registry.database());
        ledger.checkSigningKey(); // a server with keys of its own is refused at start, not at its first batch
        return new LedgerReceiptSink(ledger, registry);
    }

    public Ledger ledger() {
        return ledger;
    }

    @Override
    public void record(RequestReceipt receipt) {
        recordAll(List.of(receipt));
    }

    /** Appends the batch's receipts with one forced write; those already in the ledger append nothing. */
    @Override
    public synchronized void recordAll(List<RequestReceipt> receipts) {
        List<Ledger.Item> items = new ArrayList<>();
        for (RequestReceipt receipt : receipts) {
            if (batch != receipt.batchId()) {
                planned = registry.requests().plannedRecords(receipt.batchId());
                requests = new java.util.HashMap<>();
                for (StoredRequest r : registry.requests().batchRequests(receipt.batchId())) {
                    requests.put(r.id(), r);
                }
                batch = receipt.batchId();
            }
            item(receipt).ifPresent(items::add);
        }
        append(receipts, items);
    }

    /** As {@link #recordAll}, with the batch's requests and planned records the worker already holds. */
    @Override
    public synchronized void recordBatch(List<RequestReceipt> receipts, Batch of) {
        batch = of.id();
        planned = of.planned();
        requests = of.requests();
        List<Ledger.Item> items = new ArrayList<>();
        for (RequestReceipt receipt : receipts) {
            if (receipt.batchId() != of.id()) {
                throw new IllegalArgumentException("receipt of batch " + receipt.batchId() + " delivered with batch " + of.id());
            }
            item(receipt).ifPresent(items::add);
        }
        append(receipts, items);
    }

    /** The ledger item of a receipt, or none when the request was recorded before. */
    private Optional<Ledger.Item> item(RequestReceipt receipt) {
        StoredRequest stored = requests.get(receipt.requestId());
        if (stored == null) {
            stored = registry.requests().get(receipt.requestId());
        }
        if (stored.state() == RequestState.DONE) {
            if (ledger.find(receipt.requestId()).isPresent()) {
                return Optional.empty(); // recorded before
            }
            throw new IllegalStateException("request " + receipt.requestId() + " is done and its subject ID is erased; "
                    + "a receipt must reach the ledger before the request is marked done");
        }
        ForgetRequest request = RequestCodec.decode(stored.kind(), stored.payload());
        List<Located> erased = planned.getOrDefault(receipt.requestId(), List.of());
        return Optional.of(new Ledger.Item(entryReceipt(receipt, request, erased), request, receipt.requestId()));
    }

    private void append(List<RequestReceipt> receipts, List<Ledger.Item> items) {
        // idempotent by request ID: a receipt delivered again after a crash appends nothing
        ledger.appendAll(items);
        if (!receipts.isEmpty()) {
            LedgerHead head = ledger.head();
            long first = receipts.stream().mapToLong(RequestReceipt::batchId).min().getAsLong();
            heads.record(head.entries(), head.hash(), first, Instant.now());
        }
    }

    /** The entry written for a request: {@link #record} appends it under the request's ID. */
    private ForgetReceipt entryReceipt(RequestReceipt r, ForgetRequest request, List<Located> erased) {
        Map<String, String> details = new LinkedHashMap<>(64);
        details.put("recordsErased", String.valueOf(r.recordsErased()));
        details.put("datasets", String.join(",", r.datasets()));
        details.put("receivedAt", r.receivedAt().toString());
        details.put("dueAt", r.dueAt().toString());
        details.put("models", String.valueOf(r.models().size()));
        Duration elapsed = Duration.ZERO;
        TreeSet<String> families = new TreeSet<>();
        Guarantee guarantee = Guarantee.EXACT;
        for (ModelReceipt m : r.models()) {
            ForgetReceipt own = m.receipt();
            String[] key = modelKeys.computeIfAbsent(m.modelName(), LedgerReceiptSink::modelKeys);
            details.put(key[0], own.family());
            details.put(key[1], String.valueOf(m.version()));
            details.put(key[2], own.guarantee().toString());
            details.put(key[3], String.valueOf(own.recordCount()));
            details.put(key[4], String.valueOf(own.digestBefore()));
            details.put(key[5], String.valueOf(own.digestAfter()));
            elapsed = elapsed.plus(own.elapsed());
            families.add(own.family());
            guarantee = weaker(guarantee, own.guarantee());
        }
        ModelReceipt only = r.models().size() == 1 ? r.models().get(0) : null;
        return new ForgetReceipt(families.isEmpty() ? "none" : String.join(",", families), request.kind(), request.summary(),
                recordIds(erased), guarantee, elapsed, only == null ? null : only.receipt().digestBefore(),
                only == null ? null : only.receipt().digestAfter(), r.completedAt(), details);
    }

    /** The detail keys of a model's share of an entry: {@code model.NAME.} and family, version, guarantee, records, digests. */
    private static String[] modelKeys(String model) {
        String key = "model." + model + ".";
        return new String[] {key + "family", key + "version", key + "guarantee", key + "records", key + "digestBefore",
            key + "digestAfter"};
    }

    /** The distinct record IDs, ascending. */
    private static long[] recordIds(List<Located> erased) {
        long[] ids = new long[erased.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = erased.get(i).recordId();
        }
        java.util.Arrays.sort(ids);
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (n == 0 || ids[i] != ids[n - 1]) {
                ids[n++] = ids[i];
            }
        }
        return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
    }

    /** The weaker of two guarantees: approximate &lt; certified &lt; exact; two certified bounds give the larger ε and δ. */
    static Guarantee weaker(Guarantee a, Guarantee b) {
        if (a instanceof Guarantee.Approximate || b instanceof Guarantee.Approximate) {
            return Guarantee.APPROXIMATE;
        }
        if (a instanceof Guarantee.Certified x && b instanceof Guarantee.Certified y) {
            return Guarantee.certified(Math.max(x.epsilon(), y.epsilon()), Math.max(x.delta(), y.delta()));
        }
        return a instanceof Guarantee.Certified ? a : b;
    }

    /** The ledger entry of a request, if it was recorded. */
    public Optional<LedgerEntry> entryOf(String requestId) {
        return ledger.find(requestId);
    }
}
