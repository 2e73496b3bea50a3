package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.OptionsException;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy guard measures through core's {@link Evaluation}, with one rule for its edge cases:
 * no held-out record is an error when training and "nothing to measure" while forgetting, and an
 * undefined figure never forces a retrain.
 */
class HeldOutAccuracyTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void initialiseHome() {
        dev.lethe.audit.ledger.Ledger.initialiseIfNew(dir); // the home's keys, the subject secret included
    }

    static final Dataset DATA = RandomData.classification(41, 60, 2, 1, 3);

    @Test
    void theBaselineIsEvaluationsHeadlineAndAHoldoutOfNoRecordIsRefused() {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            assertThatThrownBy(() -> catalog.train(new Catalog.TrainSpec("m", "people", "nb", Map.of(), 1L, 0.001, 0.1)))
                    .isInstanceOf(OptionsException.class).hasMessageContaining("holds out none");
            assertThat(registry.models().list()).isEmpty();

            ModelInfo m = catalog.train(new Catalog.TrainSpec("m", "people", "nb", Map.of(), 1L, 0.25, 0.1));
            Dataset heldOut = registry.datasets().load(registry.datasets().get("people").id(), m.holdout());
            assertThat(m.baselineAccuracy()).isEqualTo(Evaluation.of(catalog.load("m"), heldOut).headline());
        }
    }

    @Test
    void forgettingEveryHeldOutRecordLeavesNothingToMeasureAndIsNoError() {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            ModelInfo m = catalog.train(new Catalog.TrainSpec("m", "people", "nb", Map.of(), 1L, 0.25, 0.0));
            Set<Long> all = new TreeSet<>();
            for (long id : m.holdout().toArray()) {
                all.add(id);
            }
            all.add(registry.models().version("m", 1).lineage().toArray()[0]); // and one training record
            new Workflow(registry).submit(new ForgetRequest.Records(all));
            try (Worker worker = new Worker(registry)) {
                assertThat(worker.drain()).isEqualTo(1);
            }
            assertThat(registry.models().version("m", 2).cause()).isEqualTo("forget");
            assertThat(registry.models().events("m")).isEmpty();
        }
    }

    @Test
    void anUndefinedFigureNeverForcesARetrain() {
        assertThat(RetrainPolicy.accuracyReason(Double.NaN, 0.2, 0.05)).isEmpty();
        assertThat(RetrainPolicy.accuracyReason(0.9, Double.NaN, 0.05)).isEmpty();
        assertThat(RetrainPolicy.accuracyReason(0.9, 0.8, 0.05)).hasValueSatisfying(r -> assertThat(r).contains("fell"));
    }
}
