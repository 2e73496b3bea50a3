package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The set-based row work of a batch answers as the row-by-row work did: a claim hands back exactly the
 * rows it moved, as a later read shows them, and an erase spanning several statements deletes exactly
 * the records named.
 */
class BatchRowWorkTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClaimReturnsTheOldestWaitingRequestsAsTheRegistryNowHoldsThem(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            Instant now = Instant.parse("2026-12-05T07:00:00Z");
            for (int i = 0; i < 7; i++) {
                requests.submit("r" + i, "records", "payload " + i, "summary " + i, "f" + i, now.plusMillis(i), now.plusSeconds(60));
            }
            List<StoredRequest> claimed = home.registry().database().transaction(c -> {
                long batch = requests.createBatch(c, null);
                return requests.claim(c, batch, 5);
            });

            assertThat(claimed).extracting(StoredRequest::id).containsExactly("r0", "r1", "r2", "r3", "r4");
            assertThat(claimed).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(RequestState.PLANNED);
                assertThat(r.batchId()).isNotNull();
            });
            assertThat(claimed).isEqualTo(requests.batchRequests(claimed.get(0).batchId()));
            assertThat(requests.get("r5").state()).isEqualTo(RequestState.SUBMITTED);
            List<StoredRequest> waiting = home.registry().database().read(c -> requests.pending(c, 10));
            assertThat(waiting).extracting(StoredRequest::id).containsExactly("r5", "r6");
            assertThat(requests.anyWaiting()).isTrue();

            List<StoredRequest> rest = home.registry().database().transaction(c -> requests.claim(c, requests.createBatch(c, null), 5));
            assertThat(rest).extracting(StoredRequest::id).containsExactly("r5", "r6");
            assertThat(requests.anyWaiting()).isFalse();
            List<StoredRequest> none = home.registry().database().read(c -> requests.pending(c, 10));
            assertThat(none).isEmpty();
        }
    }

    /** 300 records in one erase: more than one H2 statement's worth, with some named twice or already gone. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEraseOverSeveralStatementsDeletesExactlyTheRecordsNamed(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            DatasetStore store = home.registry().datasets();
            int n = 1000;
            Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.numeric("y"), Task.REGRESSION);
            double[] values = new double[n];
            double[] targets = new double[n];
            String[] subjects = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = i;
                targets[i] = 2.0 * i;
                subjects[i] = "s" + i;
            }
            DatasetInfo info = store.importDataset("d", Dataset.of(schema, values, targets, LongStream.range(0, n).toArray(), subjects), Map.of());
            long first = info.firstRecord();
            long[] gone = LongStream.range(0, 300).map(i -> first + 3 * i).toArray();
            home.registry().database().transaction(c -> store.erase(c, new long[] {gone[7]}));

            int erased = home.registry().database().transaction(c -> store.erase(c, gone));

            assertThat(erased).isEqualTo(299);
            Lineage live = store.liveRecords(info.id());
            assertThat(live.size()).isEqualTo(n - 300);
            for (long id : gone) {
                assertThat(live.contains(id)).isFalse();
            }
            assertThat(live.contains(first + 1)).isTrue();
            assertThat(live.contains(first + 898)).isTrue();
            assertThat(store.anyStored(gone)).isFalse();
        }
    }

    /** Receipts are written, read and marked delivered per batch through its requests: each batch's own, no other's. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void receiptsAreWrittenReadAndDeliveredBatchByBatch(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            Instant now = Instant.parse("2026-12-05T07:00:00Z");
            long[] batches = new long[2];
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    String id = "b" + b + "-" + i;
                    requests.submit(id, "records", "payload " + id, "summary " + id, "f" + id, now, now.plusSeconds(60));
                }
                int batch = b;
                batches[b] = home.registry().database().transaction(c -> {
                    long id = requests.createBatch(c, null);
                    requests.claim(c, id, 3);
                    requests.addReceipts(c, id, List.of(new RequestStore.ReceiptHeader("b" + batch + "-0", 2, List.of("d")),
                            new RequestStore.ReceiptHeader("b" + batch + "-1", 1, List.of("d", "e"))), now);
                    return id;
                });
            }
            home.registry().database().transaction(c -> { // written again (a repeated step): each receipt stays written once
                requests.addReceipts(c, batches[0], List.of(new RequestStore.ReceiptHeader("b0-0", 9, List.of()),
                        new RequestStore.ReceiptHeader("b0-2", 4, List.of("d"))), now);
                requests.markDelivered(c, batches[0], now.plusSeconds(5));
                return null;
            });

            Map<String, RequestReceipt> first = requests.batchReceipts(batches[0]);
            assertThat(first.keySet()).containsExactlyInAnyOrder("b0-0", "b0-1", "b0-2");
            assertThat(first.get("b0-0").recordsErased()).isEqualTo(2);
            assertThat(first.get("b0-1").datasets()).containsExactly("d", "e");
            assertThat(requests.batchReceipts(batches[1]).keySet()).containsExactlyInAnyOrder("b1-0", "b1-1");
            Map<String, Long> rowsDelivered = deliveredColumn(home);
            assertThat(rowsDelivered).hasSize(5).allSatisfy((id, at) -> assertThat(at).as("receipt row %s rewritten at delivery", id).isNull());
            Instant at = now.plusSeconds(5);
            for (String id : List.of("b0-0", "b0-1", "b0-2")) {
                assertThat(requests.receiptDelivered(id)).contains(at);
            }
            assertThat(requests.receiptDelivered("b1-0")).isEmpty();
            assertThat(requests.receiptDelivered("b1-1")).isEmpty();
            assertThat(requests.receiptDelivered("b1-2")).as("no receipt").isEmpty();

            home.registry().database().transaction(c -> { // delivered again (a repeated step): the first time stays
                requests.markDelivered(c, batches[0], now.plusSeconds(9));
                return null;
            });
            assertThat(requests.receiptDelivered("b0-1")).contains(at);
        }
    }

    /** A receipt delivered before V182 carries its own time in its row, which stays what the registry reports. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aReceiptDeliveredBeforeTheBatchColumnKeepsItsOwnTime(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            Instant now = Instant.parse("2026-12-05T07:00:00Z");
            requests.submit("old", "records", "payload", "summary", "f", now, now.plusSeconds(60));
            home.registry().database().transaction(c -> {
                long id = requests.createBatch(c, null);
                requests.claim(c, id, 1);
                requests.addReceipts(c, id, List.of(new RequestStore.ReceiptHeader("old", 1, List.of("d"))), now);
                try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE receipts SET delivered_at = ? WHERE request_id = 'old'")) {
                    ps.setLong(1, now.plusSeconds(3).toEpochMilli()); // as markDelivered wrote it before V182
                    ps.executeUpdate();
                }
                return null;
            });
            assertThat(requests.receiptDelivered("old")).contains(now.plusSeconds(3));
        }
    }

    private static Map<String, Long> deliveredColumn(LetheHome home) {
        return home.registry().database().read(c -> {
            Map<String, Long> out = new java.util.TreeMap<>();
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT request_id, delivered_at FROM receipts");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long at = rs.getLong(2);
                    out.put(id, rs.wasNull() ? null : at);
                }
            }
            return out;
        });
    }
}
