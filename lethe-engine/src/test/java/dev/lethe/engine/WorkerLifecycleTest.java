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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as a long-lived component: what it holds in memory, and how it stops. */
class WorkerLifecycleTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void initialiseHome() {
        dev.lethe.audit.ledger.Ledger.initialiseIfNew(dir); // the home's keys, the subject secret included
    }

    static final Dataset DATA = RandomData.classification(31, 120, 3, 1, 2);

    /** The home's registry with DATA imported as "people" and one model of each family, named after it. */
    static Registry trained(LetheHome home, String... families) {
        Catalog catalog = new Catalog(home.registry());
        catalog.importDataset("people", DATA, Map.of());
        for (String f : families) {
            catalog.train(Catalog.TrainSpec.of(f, "people", f));
        }
        return home.registry();
    }

    @Test
    void theCachedModelHoldsNoForgottenRowAfterABatch() {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = trained(home, "nb");
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
    void warmingUpLoadsEveryCurrentModelOnceAndTheFirstBatchForgetsInThoseCopies() {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = trained(home, "nb", "ridge");
            try (Worker worker = new Worker(registry)) {
                assertThat(worker.cachedModel("nb")).isEmpty();

                assertThat(worker.warmUp()).isEqualTo(2);
                assertThat(worker.warmUp()).isZero(); // already current: nothing loaded again

                UnlearnableModel warmed = worker.cachedModel("nb").orElseThrow();
                assertThat(warmed.stateDigest()).isEqualTo(registry.models().version("nb", 1).stateDigest());
                new Workflow(registry).submit(new ForgetRequest.Subject(DATA.subjectId(0)));
                assertThat(worker.drain()).isEqualTo(1);
                assertThat(worker.cachedModel("nb").orElseThrow()).isSameAs(warmed);
                assertThat(registry.models().get("nb").currentVersion()).isEqualTo(2);
                assertThat(warmed.stateDigest()).isEqualTo(registry.models().version("nb", 2).stateDigest());
            }
        }
    }

    /** The worker's subject index forgets what each batch erased, whether a subject or a records request erased it. */
    @Test
    void aSubjectIsPlannedOnlyIntoTheRecordsNoEarlierBatchErased() {
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = trained(home, "nb");
            long first = registry.datasets().get("people").firstRecord();
            String subject = DATA.subjectId(0);
            String other = DATA.subjectId(WorkflowTest.rowsOf(DATA, subject).size() + 1);
            List<Integer> rows = WorkflowTest.rowsOf(DATA, subject);
            assertThat(rows.size()).isGreaterThan(1);
            assertThat(other).isNotEqualTo(subject);
            Workflow workflow = new Workflow(registry);
            try (Worker worker = new Worker(registry)) {
                workflow.submit("one-record", ForgetRequest.Records.of(first + rows.get(0)));
                worker.drain();
                workflow.submit("subject", new ForgetRequest.Subject(subject));
                workflow.submit("other", new ForgetRequest.Subject(other));
                worker.drain();
                workflow.submit("subject-again", new ForgetRequest.Subject(subject));
                worker.drain();
            }
            assertThat(workflow.receipt("subject").orElseThrow().recordsErased()).isEqualTo(rows.size() - 1);
            assertThat(workflow.receipt("other").orElseThrow().recordsErased()).isEqualTo(WorkflowTest.rowsOf(DATA, other).size());
            assertThat(workflow.receipt("subject-again").orElseThrow().recordsErased()).isZero();
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
