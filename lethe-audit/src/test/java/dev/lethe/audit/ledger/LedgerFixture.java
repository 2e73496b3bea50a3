package dev.lethe.audit.ledger;

import dev.lethe.audit.testing.AuditData;
import dev.lethe.audit.testing.KernelFamily;
import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A ledger in a fresh home and a model (record IDs 100–179) whose real receipts the tests append. */
abstract class LedgerFixture {

    @TempDir
    Path home;

    Ledger ledger;
    UnlearnableModel model;

    @BeforeEach
    void openLedgerAndTrainModel() {
        ledger = Ledger.open(home);
        Dataset data = AuditData.noisy(5, 80, 100);
        model = ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1).fit(data);
    }
}
