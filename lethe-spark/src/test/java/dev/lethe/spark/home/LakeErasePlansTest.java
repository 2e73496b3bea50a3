package dev.lethe.spark.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeErasePlansTest {

    @TempDir
    Path dir;

    @Test
    void aPlanIsFoundAgainForItsBatchAndDatasetAndDroppedOnceItsBatchIsReceipted() throws Exception {
        Ledger.initialiseIfNew(dir);
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            long receipted = batch(registry, "RECEIPTED");
            long erasing = batch(registry, "ERASED");
            Map<String, long[]> plan = new LinkedHashMap<>();
            plan.put("r1", new long[] {7, 3, 11});
            plan.put("r2", new long[0]);
            LakeErasePlans.record(registry, receipted, 5, plan);
            assertThat(LakeErasePlans.find(registry, receipted, 5)).hasValueSatisfying(found -> {
                assertThat(found).containsOnlyKeys("r1", "r2");
                assertThat(found.get("r1")).containsExactly(3, 7, 11);
                assertThat(found.get("r2")).isEmpty();
            });
            assertThat(LakeErasePlans.find(registry, receipted, 6)).isEmpty();
            assertThat(LakeErasePlans.find(registry, erasing, 5)).isEmpty();

            // the next plan recorded drops the receipted batch's, whose receipts name the rows already
            LakeErasePlans.record(registry, erasing, 5, Map.of("r3", new long[] {4}));
            assertThat(LakeErasePlans.find(registry, receipted, 5)).isEmpty();
            assertThat(LakeErasePlans.find(registry, erasing, 5)).hasValueSatisfying(f -> assertThat(f.get("r3")).containsExactly(4));
        }
    }

    private static long batch(Registry registry, String state) {
        return registry.database().transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batches (state, requests, created_at) VALUES (?, 1, 0)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, state);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }
}
