package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.TrainingRecords;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as a long-lived component: what it holds in memory, and how it stops. */
class WorkerLifecycleTest {

    @TempDir
    Path dir;

    static final Dataset DATA = RandomData.classification(31, 120, 3, 1, 2);

    @Test
    void theCachedModelHoldsNoForgottenRowAfterABatch() {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("nb", "people", "nb"));
            String subject = DATA.subjectId(0);
            new Workflow(registry).submit(new ForgetRequest.Subject(subject));
            try (Worker worker = new Worker(registry)) {
                assertThat(worker.drain()).isEqualTo(1);

                UnlearnableModel cached = worker.cachedModel("nb").orElseThrow();
                TrainingRecords records = ((AbstractUnlearnableModel) cached).records();
                assertThat(records.subjects()).doesNotContain(subject).isNotEmpty();
                int forgotten = 0;
                for (int row = 0; row < records.size(); row++) {
                    assertThat(records.data().subjectId(row)).isNotEqualTo(subject);
                    if (records.isRemoved(row)) {
                        assertThat(records.data().row(row)).containsOnly(0.0);
                        assertThat(records.data().target(row)).isZero();
                        forgotten++;
                    }
                }
                assertThat(forgotten).isEqualTo(WorkflowTest.rowsOf(DATA, subject).size()).isPositive();
            }
        }
    }

    @Test
    void closingTheWorkerStopsItsThreadsAndItsLoop() throws InterruptedException {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            Worker worker = new Worker(registry);
            assertThat(worker.isClosed()).isFalse();

            worker.close();

            assertThat(worker.isClosed()).isTrue();
            assertThatThrownBy(worker::processOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            worker.run(() -> false, Duration.ofMillis(1)); // returns at once: a closed worker does not loop
            worker.close(); // idempotent
            assertThat(worker.isClosed()).isTrue();
        }
    }
}
