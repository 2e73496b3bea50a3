package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Guarantee;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model's receipts for a batch it forgot in one call are stored as one row, and each request reads
 * back exactly the receipt that one row per request gave it.
 */
class BatchModelReceiptsTest {

    @TempDir
    Path dir;

    private static ForgetReceipt receipt(long[] records) {
        return new ForgetReceipt("forest", "records", "ignored", records, Guarantee.certified(0.5, 1e-6),
                Duration.ofNanos(123_456), "before", "after", Instant.parse("2026-12-05T08:00:00Z"),
                Map.of("batch_requests", "3", "batch_records", "6", "trees", "100"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachRequestReadsTheReceiptOneRowPerRequestGaveIt(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            Instant now = Instant.parse("2026-12-05T07:00:00Z");
            Map<String, long[]> shares = new LinkedHashMap<>();
            shares.put("r-1", new long[] {3, 1_000_000_007L});
            shares.put("résumé/2", new long[] {4});
            shares.put("r-3", new long[] {10, 11, 12});
            for (String id : List.of("r-1", "résumé/2", "r-3", "r-4")) {
                requests.submit(id, "subject", "payload " + id, "subject summary " + id, "f" + id, now, now.plusSeconds(3600));
            }
            long batch = home.registry().database().transaction(c -> {
                long b = requests.createBatch(c, null);
                requests.claim(c, b, 10);
                // model "a" the way one row per request stores it, model "b" as one row for the batch
                requests.addModelReceipts(c, "a", 2, shares.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), receipt(e.getValue()))).toList());
                requests.addBatchModelReceipt(c, "b", 5, b, receipt(new long[0]), shares);
                requests.addReceipts(c, b, shares.keySet().stream()
                        .map(id -> new RequestStore.ReceiptHeader(id, shares.get(id).length, List.of("d"))).toList(), now);
                return b;
            });
            Map<String, RequestReceipt> all = requests.batchReceipts(batch);
            assertThat(all).containsOnlyKeys(shares.keySet());
            for (String id : shares.keySet()) {
                List<ModelReceipt> models = requests.modelReceipts(id);
                assertThat(models).extracting(ModelReceipt::modelName).containsExactly("a", "b");
                assertThat(models).extracting(ModelReceipt::version).containsExactly(2, 5);
                assertThat(models.get(1).receipt()).isEqualTo(models.get(0).receipt());
                assertThat(models.get(1).receipt().records()).containsExactly(shares.get(id));
                assertThat(models.get(1).receipt().request()).isEqualTo("subject summary " + id);
                assertThat(all.get(id).models()).isEqualTo(models);
                assertThat(requests.receipt(id).orElseThrow().models()).isEqualTo(models);
            }
            assertThat(requests.modelReceipts("r-4")).isEmpty();
        }
    }

    @Test
    void sharesRoundTripAndAreFoundOneByOne() {
        Map<String, long[]> shares = new LinkedHashMap<>();
        shares.put("a", new long[] {Long.MAX_VALUE, 0, -5});
        shares.put("", new long[0]);
        shares.put("ü", new long[] {1, 2, 3});
        Map<String, long[]> back = RequestShares.decode(RequestShares.encode(shares));
        assertThat(back.keySet()).containsExactly("a", "", "ü");
        shares.forEach((id, records) -> {
            assertThat(back.get(id)).containsExactly(records);
            assertThat(RequestShares.find(RequestShares.encode(shares), id)).containsExactly(records);
        });
        assertThat(RequestShares.find(RequestShares.encode(shares), "b")).isNull();
    }
}
