package dev.lethe.spark.home;

import dev.lethe.store.Lineage;
import dev.lethe.store.Registry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's lake erase plan (table {@code lake_erase_plans}, V140): for one lake dataset, the record
 * IDs each request reaches there, committed before any row is deleted. The lake erase is not part
 * of the registry's transaction, so a worker killed after the DELETE and before the receipts'
 * commit would otherwise come back to a lake that no longer holds the rows and a receipt naming
 * none; with the plan, the restarted worker deletes the same IDs again (a no-op where they are
 * gone) and the receipt names them. Write-ahead logging in the sense of ARIES (Mohan et al., ACM
 * TODS 1992): the intent is durable before the effect. Plans hold record IDs only, never a subject
 * ID; recording one drops those of batches already receipted.
 */
final class LakeErasePlans {

    private LakeErasePlans() {
    }

    /** The plan recorded for {@code batch} and {@code dataset}, by request ID, if there is one. */
    static Optional<Map<String, long[]>> find(Registry registry, long batch, long dataset) {
        return registry.database().read(c -> {
            Map<String, long[]> plan = new LinkedHashMap<>();
            boolean found = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id, record_ids FROM lake_erase_plans "
                    + "WHERE batch_id = ? AND dataset_id = ? ORDER BY request_id")) {
                ps.setLong(1, batch);
                ps.setLong(2, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found = true;
                        plan.put(rs.getString(1), Lineage.fromBytes(rs.getBytes(2)).toArray());
                    }
                }
            }
            return found ? Optional.of(plan) : Optional.empty();
        });
    }

    /**
     * Records the plan (one row per request, an empty ID list included, so that a rerun knows the
     * request reached nothing there) and drops the plans of batches already receipted.
     */
    static void record(Registry registry, long batch, long dataset, Map<String, long[]> plan) {
        registry.database().transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lake_erase_plans WHERE batch_id IN "
                    + "(SELECT id FROM batches WHERE state IN ('RECEIPTED', 'DONE'))")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lake_erase_plans (batch_id, dataset_id, request_id, "
                    + "record_ids) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, long[]> e : plan.entrySet()) {
                    ps.setLong(1, batch);
                    ps.setLong(2, dataset);
                    ps.setString(3, e.getKey());
                    ps.setBytes(4, Lineage.of(e.getValue()).toBytes());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
