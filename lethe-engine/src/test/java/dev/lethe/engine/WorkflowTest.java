package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.engine.tally.TallyModel;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.Backend;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelEvent;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoreException;
import dev.lethe.store.StoredRequest;
import dev.lethe.store.VersionInfo;
import dev.lethe.testing.ManualClock;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkflowTest {

    @TempDir
    Path dir;

    static final Dataset DATA = RandomData.classification(11, 90, 3, 1, 3);

    static List<Integer> rowsOf(Dataset d, String subject) {
        return IntStream.range(0, d.size()).filter(i -> subject.equals(d.subjectId(i))).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSubjectIsForgottenByEveryModelAndErasedFromTheData(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            DatasetInfo info = catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            catalog.train(new Catalog.TrainSpec("m2", "people", "tally", Map.of(), 5L, 0.2, 1.0));
            String subject = DATA.subjectId(0);
            int owned = rowsOf(DATA, subject).size();
            Workflow workflow = new Workflow(registry);
            List<RequestReceipt> sunk = new ArrayList<>();
            String id = workflow.submit(new ForgetRequest.Subject(subject));
            assertThat(workflow.status(id).state()).isEqualTo(RequestState.SUBMITTED);
            assertThat(workflow.status(id).payload()).isEqualTo(subject);

            int done = new Worker(registry, Worker.Config.defaults().withSink(sunk::add)).drain();

            assertThat(done).isEqualTo(1);
            StoredRequest status = workflow.status(id);
            assertThat(status.state()).isEqualTo(RequestState.DONE);
            assertThat(status.payload()).doesNotContain(subject).startsWith("subject sha256:");
            RequestReceipt receipt = workflow.receipt(id).orElseThrow();
            assertThat(receipt.recordsErased()).isEqualTo(owned);
            assertThat(receipt.datasets()).containsExactly("people");
            assertThat(sunk).containsExactly(receipt);
            long[] ids = rowsOf(DATA, subject).stream().mapToLong(i -> info.firstRecord() + i).sorted().toArray();
            assertThat(registry.datasets().anyStored(ids)).isFalse();
            assertThat(registry.datasets().liveCount(info.id())).isEqualTo(DATA.size() - owned);
            UnlearnableModel m1 = catalog.load("m1");
            assertThat(m1.history().records()).containsExactlyInAnyOrder(java.util.Arrays.stream(ids).boxed().toArray(Long[]::new));
            assertThat(receipt.models()).extracting(r -> r.modelName()).contains("m1");
            assertThat(receipt.models().get(0).receipt().guarantee()).isEqualTo(Guarantee.EXACT);
            assertThat(receipt.models().get(0).receipt().request()).isEqualTo(new ForgetRequest.Subject(subject).summary());
            // the old version that still held the subject is purged; the new one is intact
            List<VersionInfo> versions = registry.models().versions("m1");
            assertThat(versions).hasSize(2);
            assertThat(versions.get(0).isPurged()).isTrue();
            assertThat(versions.get(1).lineage().intersects(dev.lethe.store.Lineage.of(ids))).isFalse();
            assertThat(versions.get(1).stateDigest()).isEqualTo(m1.stateDigest());
            // forgetting matches retraining on what remains
            TallyModel retrained = new dev.lethe.engine.tally.TallyLearner(0, 1L).fit(registry.datasets().load(info.id()));
            assertThat(((TallyModel) m1).counts()).containsExactly(retrained.counts());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownSubjectsGetAnEmptyReceiptAndDuplicatesAreIdempotent(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            String before = catalog.load("m1").stateDigest();
            Workflow workflow = new Workflow(registry);
            assertThat(workflow.submit("ticket-1", new ForgetRequest.Subject("nobody")).created()).isTrue();
            assertThat(workflow.submit("ticket-1", new ForgetRequest.Subject("nobody")).created()).isFalse();
            assertThatThrownBy(() -> workflow.submit("ticket-1", new ForgetRequest.Subject("somebody else")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("already used for a different request");
            assertThatThrownBy(() -> workflow.submit("r", new ForgetRequest.Relabel(Map.of(1L, "x"))))
                    .isInstanceOf(OptionsException.class).hasMessageContaining("not relabel");

            assertThat(new Worker(registry).drain()).isEqualTo(1);
            assertThat(workflow.submit("ticket-1", new ForgetRequest.Subject("nobody")).created()).isFalse();
            assertThat(new Worker(registry).drain()).isZero();

            RequestReceipt receipt = workflow.receipt("ticket-1").orElseThrow();
            assertThat(receipt.isEmpty()).isTrue();
            assertThat(workflow.status("ticket-1").state()).isEqualTo(RequestState.DONE);
            assertThat(registry.requests().receiptCount()).isEqualTo(1);
            assertThat(registry.models().versions("m1")).hasSize(1);
            assertThat(catalog.load("m1").stateDigest()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void requestsAreDueOneMonthAfterReceiptAndOverdueOnesAreListed(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Instant jan31 = Instant.parse("2026-01-31T09:00:00Z");
            Workflow early = new Workflow(registry, Clock.fixed(jan31, ZoneOffset.UTC));
            early.submit("old", new ForgetRequest.Subject("a"));
            Workflow later = new Workflow(registry, Clock.fixed(Instant.parse("2026-03-05T00:00:00Z"), ZoneOffset.UTC));
            later.submit("new", new ForgetRequest.Subject("b"));
            assertThat(later.status("old").dueAt()).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
            assertThat(later.status("new").dueAt()).isEqualTo(Instant.parse("2026-04-05T00:00:00Z"));
            assertThat(later.requests(true, 100)).extracting(StoredRequest::id).containsExactly("old");
            assertThat(later.requests(false, 100)).extracting(StoredRequest::id).containsExactly("old", "new");
            new Worker(registry).drain();
            assertThat(later.requests(true, 100)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recordAndClassRequestsReachOnlyTheirRecords(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            DatasetInfo info = catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            Workflow workflow = new Workflow(registry);
            long first = info.firstRecord();
            String records = workflow.submit(ForgetRequest.Records.of(first, first + 1, 999_999L));
            String klass = workflow.submit(new ForgetRequest.ClassLabel("class2"));
            String feature = workflow.submit(new ForgetRequest.Feature("x1"));
            new Worker(registry).drain();
            assertThat(workflow.receipt(records).orElseThrow().recordsErased()).isEqualTo(2);
            long class2 = IntStream.range(0, DATA.size()).filter(i -> DATA.label(i) == 2).count();
            long either = IntStream.range(0, DATA.size()).filter(i -> i < 2 || DATA.label(i) == 2).count();
            assertThat(workflow.receipt(klass).orElseThrow().recordsErased()).isEqualTo((int) class2);
            assertThat(workflow.receipt(feature).orElseThrow().models()).hasSize(1);
            UnlearnableModel m = catalog.load("m1");
            assertThat(m.history().features()).containsExactly("x1");
            assertThat(((TallyModel) m).counts()[2]).isZero();
            assertThat(registry.datasets().liveCount(info.id())).isEqualTo(DATA.size() - (int) either);
            assertThat(registry.models().versions("m1")).hasSize(2); // one batch, one new version
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aModelThatIsAwayForNowFailsNoRequestAndItsBatchCompletesOnceItIsBack(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            Workflow workflow = new Workflow(registry);
            String id = workflow.submit(new ForgetRequest.Subject(DATA.subjectId(0)));
            try (Worker worker = new Worker(registry)) {
                TallyModel.AWAY.set(true);
                try {
                    assertThatThrownBy(worker::processOnce).isInstanceOf(dev.lethe.model.UnavailableException.class)
                            .hasMessageContaining("away for now");
                } finally {
                    TallyModel.AWAY.set(false);
                }
                // a temporary failure is not the request's: it waits in its batch, and the model is unchanged
                assertThat(workflow.status(id).state()).isEqualTo(RequestState.PLANNED);
                assertThat(registry.models().versions("m1")).hasSize(1);
                worker.drain();
            }
            assertThat(workflow.status(id).state()).isEqualTo(RequestState.DONE);
            assertThat(workflow.receipt(id).orElseThrow().models()).extracting(m -> m.modelName()).containsExactly("m1");
            assertThat(registry.models().versions("m1")).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBatchIsForgottenInOneGoAndARefusedBatchFallsBackToOneRequestAtATime(Backend backend) {
        // subjects a, b, d, e own one record each, c owns two
        String[] owners = {"a", "b", "c", "c", "d", "e", "f", "f", "f", "f"};
        double[] values = new double[owners.length];
        double[] targets = new double[owners.length];
        long[] ids = new long[owners.length];
        for (int i = 0; i < owners.length; i++) {
            values[i] = i;
            targets[i] = i % 2;
            ids[i] = i;
        }
        dev.lethe.data.Schema schema = new dev.lethe.data.Schema(List.of(dev.lethe.data.Attribute.numeric("x")),
                dev.lethe.data.Attribute.categorical("y", List.of("no", "yes")), dev.lethe.data.Task.CLASSIFICATION);
        Dataset data = Dataset.of(schema, values, targets, ids, owners);
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            long first = catalog.importDataset("people", data, Map.of()).firstRecord();
            catalog.train(new Catalog.TrainSpec("strict", "people", "tally", Map.of("max-request", "1"), 1L, 0, 1.0));
            catalog.train(new Catalog.TrainSpec("loose", "people", "tally", Map.of(), 1L, 0, 1.0));
            Workflow workflow = new Workflow(registry);
            String a = workflow.submit(new ForgetRequest.Subject("a"));
            String b = workflow.submit(new ForgetRequest.Subject("b"));
            String c = workflow.submit(new ForgetRequest.Subject("c"));
            new Worker(registry).drain();

            // "strict" refuses the batch's 4 records at once, then takes a and b one by one and refuses c alone
            StoredRequest failed = workflow.status(c);
            assertThat(failed.state()).isEqualTo(RequestState.FAILED);
            assertThat(failed.error()).contains("strict").contains("at most 1 records at once, got 2");
            assertThat(workflow.receipt(c)).isEmpty(); // the worker saw the failure: no receipt for a request not honoured
            for (String done : List.of(a, b)) {
                assertThat(workflow.status(done).state()).isEqualTo(RequestState.DONE);
                var models = workflow.receipt(done).orElseThrow().models();
                assertThat(models).extracting(m -> m.modelName()).containsExactlyInAnyOrder("loose", "strict");
                var strict = models.stream().filter(m -> m.modelName().equals("strict")).findFirst().orElseThrow().receipt();
                var loose = models.stream().filter(m -> m.modelName().equals("loose")).findFirst().orElseThrow().receipt();
                assertThat(strict.recordCount()).isEqualTo(1);
                assertThat(strict.details()).doesNotContainKey("batch_requests");
                // "loose" forgot the whole batch (a, b and c's records) in one forget and gave each its share
                assertThat(loose.recordCount()).isEqualTo(1);
                assertThat(loose.details()).containsEntry("batch_requests", "3").containsEntry("batch_records", "4");
                assertThat(models).filteredOn(m -> m.modelName().equals("loose")).singleElement()
                        .satisfies(m -> assertThat(m.batchRequests()).isEqualTo(3));
                assertThat(models).filteredOn(m -> m.modelName().equals("strict")).singleElement()
                        .satisfies(m -> assertThat(m.batchRequests()).isEqualTo(1));
            }
            assertThat(((TallyModel) catalog.load("strict")).counts()[0] + ((TallyModel) catalog.load("strict")).counts()[1])
                    .isEqualTo(owners.length - 2);
            assertThat(((TallyModel) catalog.load("loose")).history().records())
                    .containsExactlyInAnyOrder(first, first + 1, first + 2, first + 3);
        }
    }

    @org.junit.jupiter.api.Test
    void anIdleWorkerStoresItsForestsWithNoSubtreeLeftPending() {
        Dataset data = RandomData.classification(5, 600, 4, 1, 2);
        try (LetheHome home = Backend.H2.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", data, Map.of());
            catalog.train(new Catalog.TrainSpec("trees", "people", "forest", Map.of("trees", "10"), 3L, 0, 1.0));
            Workflow workflow = new Workflow(registry);
            for (String subject : data.subjects().subList(0, 40)) {
                workflow.submit(new ForgetRequest.Subject(subject));
            }
            Worker worker = new Worker(registry);
            worker.drain();
            var lazy = (dev.lethe.models.trees.ForestModel) catalog.load("trees");
            assertThat(lazy.pendingRetrains()).as("forgetting 40 subjects leaves subtrees pending").isPositive();
            VersionInfo before = registry.models().version("trees", 2);

            assertThat(worker.settle()).isEqualTo(1);

            var settled = (dev.lethe.models.trees.ForestModel) catalog.load("trees");
            assertThat(settled.pendingRetrains()).isZero();
            VersionInfo after = registry.models().version("trees", 2);
            assertThat(after.stateDigest()).isEqualTo(before.stateDigest()).isEqualTo(settled.stateDigest());
            assertThat(after.sha256()).isNotEqualTo(before.sha256());
            assertThat(after.lineage()).isEqualTo(before.lineage());
            assertThat(registry.models().versions("trees")).hasSize(2);
            for (int i = 0; i < data.size(); i++) {
                assertThat(settled.probabilities(data.row(i))).containsExactly(lazy.probabilities(data.row(i)));
            }
            assertThat(worker.settle()).as("nothing left to settle").isZero();
        }
    }

    /**
     * The linger is measured on the worker's clock, here one that moves only when the test says so:
     * however the threads are scheduled, requests waiting at an idle worker stay waiting (also when
     * more arrive) until the clock has moved by the whole linger, and then go into one batch.
     */
    @org.junit.jupiter.api.Test
    void requestsReachingAnIdleWorkerGatherForTheLingerIntoOneBatch() throws Exception {
        try (LetheHome home = Backend.H2.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            Workflow workflow = new Workflow(registry);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(workflow.submit(new ForgetRequest.Subject(DATA.subjects().get(i))));
            }
            java.time.Duration linger = java.time.Duration.ofMinutes(10);
            ManualClock clock = new ManualClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
            java.util.concurrent.CountDownLatch receipts = new java.util.concurrent.CountDownLatch(8);
            Worker worker = new Worker(registry, Worker.Config.defaults().withLinger(linger).withClock(clock)
                    .withSink(r -> receipts.countDown()));
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread running = new Thread(() -> {
                try {
                    worker.run(stop::get, java.time.Duration.ofMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.start();
            clock.awaitMoreReads(50, running);
            for (int i = 5; i < 8; i++) { // arriving during the linger, they join the same batch
                ids.add(workflow.submit(new ForgetRequest.Subject(DATA.subjects().get(i))));
            }
            clock.advance(linger.minusMillis(1));
            clock.awaitMoreReads(50, running);
            assertThat(ids).as("one millisecond before the linger ends")
                    .allSatisfy(id -> assertThat(workflow.status(id).state()).isEqualTo(RequestState.SUBMITTED));
            clock.advance(java.time.Duration.ofMillis(1));
            assertThat(receipts.await(2, java.util.concurrent.TimeUnit.MINUTES)).as("receipts delivered (hang guard)").isTrue();
            stop.set(true);
            running.join();
            assertThat(ids).allSatisfy(id -> assertThat(workflow.status(id).state()).isEqualTo(RequestState.DONE));
            assertThat(ids.stream().map(id -> workflow.status(id).batchId()).distinct()).hasSize(1);
            assertThat(registry.models().versions("m1")).hasSize(2); // one batch, one new version
        }
        assertThatThrownBy(() -> Worker.Config.defaults().withLinger(java.time.Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linger");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExhaustedBudgetForcesARetrainThatIsRecorded(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            catalog.train(new Catalog.TrainSpec("m1", "people", "tally", Map.of("budget", "4"), 1L, 0, 0));
            Workflow workflow = new Workflow(registry);
            List<String> subjects = DATA.subjects();
            workflow.submit(new ForgetRequest.Subject(subjects.get(0)));
            new Worker(registry).drain();
            int forgotten = rowsOf(DATA, subjects.get(0)).size();
            List<ModelEvent> events = registry.models().events("m1");
            if (forgotten > 4) {
                assertThat(events).hasSize(1);
            }
            for (int s = 1; events.isEmpty(); s++) {
                workflow.submit(new ForgetRequest.Subject(subjects.get(s)));
                new Worker(registry).drain();
                events = registry.models().events("m1");
            }
            ModelEvent e = events.get(0);
            assertThat(e.event()).isEqualTo("retrain");
            assertThat(e.detail()).contains("budget exhausted");
            VersionInfo v = registry.models().version("m1", e.version());
            assertThat(v.cause()).isEqualTo("retrain");
            UnlearnableModel retrained = catalog.load("m1");
            assertThat(retrained.history().isEmpty()).isTrue(); // a fresh fit on the remaining data
            assertThat(retrained.provenance().trainingRows()).isEqualTo(v.liveRecords());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFallInHeldOutAccuracyBeyondTheMarginForcesARetrain(Backend backend) {
        // the training records of the majority class are forgotten (the held-out ones stay), so a
        // tally's majority vote moves to another class and held-out accuracy falls
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            DatasetInfo info = catalog.importDataset("people", DATA, Map.of());
            catalog.train(new Catalog.TrainSpec("guarded", "people", "tally", Map.of(), 3L, 0.3, 0.0));
            catalog.train(new Catalog.TrainSpec("lenient", "people", "tally", Map.of(), 3L, 0.3, 1.0));
            TallyModel m = (TallyModel) catalog.load("guarded");
            int majority = (int) m.predict(new double[DATA.numFeatures()]);
            Workflow workflow = new Workflow(registry);
            java.util.Set<Long> majorityTraining = new java.util.TreeSet<>();
            for (long id : registry.models().version("guarded", 1).lineage().toArray()) {
                if (DATA.label((int) (id - info.firstRecord())) == majority) {
                    majorityTraining.add(id);
                }
            }
            workflow.submit(new ForgetRequest.Records(majorityTraining));
            new Worker(registry).drain();
            assertThat(registry.models().events("guarded")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("held-out accuracy fell"));
            assertThat(registry.models().events("lenient")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void badTrainingOrImportInputLeavesTheRegistryAsItWas(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", DATA, Map.of());
            assertThatThrownBy(() -> catalog.train(Catalog.TrainSpec.of("m", "people", "no-such-family")))
                    .isInstanceOf(OptionsException.class).hasMessageContaining("unknown model family 'no-such-family'");
            assertThatThrownBy(() -> catalog.train(new Catalog.TrainSpec("m", "people", "tally", Map.of("budgte", "3"), 1L, 0, 0)))
                    .isInstanceOf(OptionsException.class).hasMessageContaining("no setting 'budgte'");
            assertThatThrownBy(() -> catalog.train(Catalog.TrainSpec.of("m", "nope", "tally")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("unknown dataset 'nope'");
            assertThat(registry.models().list()).isEmpty();
            assertThatThrownBy(() -> catalog.importDataset("people", DATA, Map.of())).hasMessageContaining("already exists");
            assertThat(registry.datasets().list()).hasSize(1);
            assertThat(registry.datasets().liveCount(registry.datasets().get("people").id())).isEqualTo(DATA.size());
            catalog.train(Catalog.TrainSpec.of("m", "people", "tally"));
            assertThatThrownBy(() -> catalog.train(Catalog.TrainSpec.of("m", "people", "tally"))).hasMessageContaining("already exists");
            assertThat(registry.models().versions("m")).hasSize(1);
        }
    }
}
