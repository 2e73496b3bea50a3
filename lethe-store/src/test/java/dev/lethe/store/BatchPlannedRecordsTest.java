package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch's planned records are one row per dataset (V160), not one per request, and read back as
 * they were planned; records planned before V160 (one request_records row per request) are still
 * read, by the batch and among the records that must never come back.
 */
class BatchPlannedRecordsTest {

    @TempDir
    Path dir;

    private static DatasetStore.Located at(long dataset, long record) {
        return new DatasetStore.Located(dataset, record);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBatchPlansOneRowPerDatasetAndReadsBackEachRequestsRecords(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            Map<String, List<DatasetStore.Located>> planned = new LinkedHashMap<>();
            planned.put("r-2", List.of(at(7, 40), at(7, 12), at(9, 1_000_000_007L)));
            planned.put("r-1", List.of(at(9, 5)));
            planned.put("r-3", List.of());
            long batch = home.registry().database().transaction(c -> {
                long b = requests.createBatch(c, null);
                requests.addPlannedRecords(c, b, planned);
                // a batch planned before V160: one row per request and dataset
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO request_records (request_id, dataset_id, batch_id, record_ids) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, "old-1");
                    ps.setLong(2, 7);
                    ps.setLong(3, b + 1);
                    ps.setBytes(4, Lineage.of(3, 2).toBytes());
                    ps.executeUpdate();
                }
                return b;
            });

            assertThat(rows(home, "SELECT COUNT(*) FROM batch_planned_records WHERE batch_id = " + batch)).isEqualTo(2);
            Map<String, List<DatasetStore.Located>> back = requests.plannedRecords(batch);
            assertThat(back.keySet()).containsExactly("r-1", "r-2");
            assertThat(back.get("r-1")).containsExactly(at(9, 5));
            assertThat(back.get("r-2")).containsExactly(at(7, 12), at(7, 40), at(9, 1_000_000_007L));
            assertThat(requests.plannedRecords(batch + 1)).isEqualTo(Map.of("old-1", List.of(at(7, 2), at(7, 3))));
            assertThat(requests.forgottenRecords().toArray()).containsExactly(2, 3, 5, 12, 40, 1_000_000_007L);
        }
    }

    private static long rows(LetheHome home, String sql) {
        return home.registry().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
