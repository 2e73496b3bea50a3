package dev.lethe.store;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Guarantee;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry holding receipts the way the worker leaves them, over several batches: models that stored
 * one row per batch (with each request's share), a model with one row per request (older versions),
 * a request left out of one model's share, and requests not yet in a batch. For tests of readers that
 * read many requests' receipts at once.
 */
public final class ReceiptBatches {

    private ReceiptBatches() {
    }

    static ForgetReceipt receipt(long[] records, Guarantee guarantee) {
        return new ForgetReceipt("forest", "records", "ignored", records, guarantee, Duration.ofNanos(123_456), "before",
                "after", Instant.parse("2026-12-05T08:00:00Z"), Map.of("trees", "100"));
    }

    /** A home on {@code backend} in {@code dir} with three batches of four requests, and two requests not batched. */
    public static LetheHome home(Backend backend, java.nio.file.Path dir) {
        LetheHome home = backend.open(dir);
        fill(home.registry(), 3, 4);
        return home;
    }

    /** Fills the registry with {@code batches} batches of {@code perBatch} requests each, and two requests not yet batched. */
    public static void fill(Registry registry, int batches, int perBatch) {
        RequestStore requests = registry.requests();
        Instant now = Instant.parse("2026-12-05T07:00:00Z");
        int n = 0;
        for (int b = 0; b < batches; b++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                String id = "req-" + b + "-" + i;
                requests.submit(id, "records", "payload " + id, "records " + id, "f" + id, now.plusMillis(n++), now.plusSeconds(3600));
                ids.add(id);
            }
            int batch = b;
            registry.database().transaction(c -> {
                long batchId = requests.createBatch(c, null);
                requests.claim(c, batchId, perBatch);
                Map<String, long[]> shares = new LinkedHashMap<>();
                for (int i = 0; i < ids.size(); i++) {
                    shares.put(ids.get(i), new long[] {batch * 1_000_000L + i, batch * 1_000_000L + i + 500_000});
                }
                requests.addBatchModelReceipt(c, "forest", batch + 1, batchId, receipt(new long[0], Guarantee.certified(0.5, 1e-6)), shares);
                Map<String, long[]> partial = new LinkedHashMap<>(shares);
                partial.remove(ids.get(0));
                requests.addBatchModelReceipt(c, "nb", 10 + batch, batchId, receipt(new long[0], Guarantee.EXACT), partial);
                if (batch == 0) {
                    requests.addModelReceipts(c, "legacy", 1, shares.entrySet().stream()
                            .map(e -> Map.entry(e.getKey(), receipt(e.getValue(), Guarantee.EXACT))).toList());
                }
                requests.addReceipts(c, batchId, ids.stream().map(id -> new RequestStore.ReceiptHeader(id, 2, List.of("d"))).toList(), now);
                return null;
            });
        }
        for (String id : List.of("pending-1", "pending-2")) {
            requests.submit(id, "records", "payload " + id, "records " + id, "f" + id, now.plusMillis(n++), now.plusSeconds(3600));
        }
    }
}
