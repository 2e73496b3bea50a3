package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 8 threads submit 500 subject requests each while a worker runs: every request completes exactly
 * once, in batches of at most maxBatch. How many batches depends on how the threads are scheduled
 * (a worker that keeps up makes many small ones), so the test asserts only what holds for any.
 */
class ConcurrentSubmissionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void manySubmittersEveryRequestCompletesExactlyOnce(Backend backend) throws Exception {
        Dataset data = RandomData.classification(5, 3000, 3, 1, 2);
        List<String> subjects = data.subjects();
        int threads = 8;
        int perThread = 500;
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", data, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            catalog.train(Catalog.TrainSpec.of("m2", "people", "tally"));
            Workflow workflow = new Workflow(registry);
            Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
            ReceiptSink sink = (RequestReceipt r) -> delivered.computeIfAbsent(r.requestId(), k -> new AtomicInteger()).incrementAndGet();
            Worker worker = new Worker(registry, Worker.Config.defaults().withSink(sink).withMaxBatch(500));
            AtomicBoolean submitting = new AtomicBoolean(true);
            AtomicInteger completed = new AtomicInteger();
            Thread workerThread = new Thread(() -> {
                try {
                    worker.run(() -> !submitting.get() && registry.requests().counts().get(RequestState.SUBMITTED) == 0
                            && registry.requests().openBatches().isEmpty(), Duration.ofMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workerThread.start();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < perThread; i++) {
                        String subject = random.nextInt(10) == 0 ? "unknown-" + thread + "-" + i
                                : subjects.get(random.nextInt(subjects.size()));
                        workflow.submit("t" + thread + "-" + i, new ForgetRequest.Subject(subject));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            submitting.set(false);
            workerThread.join(120_000);
            assertThat(workerThread.isAlive()).isFalse();

            List<StoredRequest> all = registry.requests().list(false, Instant.now(), 10_000);
            assertThat(all).hasSize(threads * perThread);
            assertThat(registry.requests().submissionTransactions()).as("concurrent submissions share commits")
                    .isLessThan(threads * perThread);
            assertThat(all).allSatisfy(r -> assertThat(r.state()).isEqualTo(RequestState.DONE));
            assertThat(registry.requests().receiptCount()).isEqualTo(threads * perThread);
            assertThat(delivered).hasSize(threads * perThread);
            assertThat(delivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            // whatever the scheduling: no batch over maxBatch, at most one
            // new model version per batch, and every subject's records are gone
            Map<Long, Long> batchSizes = all.stream().collect(java.util.stream.Collectors.groupingBy(
                    StoredRequest::batchId, java.util.stream.Collectors.counting()));
            assertThat(batchSizes.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 500L));
            assertThat(registry.models().versions("m1").size()).isLessThanOrEqualTo(batchSizes.size() + 1);
            for (String subject : subjects) {
                List<dev.lethe.store.DatasetStore.Located> left = registry.database()
                        .read(c -> registry.datasets().recordsOfSubject(c, subject));
                if (!left.isEmpty()) {
                    assertThat(all).noneMatch(r -> r.summary().equals(new ForgetRequest.Subject(subject).summary()));
                }
            }
            int live = registry.datasets().liveCount(registry.datasets().get("people").id());
            assertThat(registry.models().version("m1", registry.models().get("m1").currentVersion()).liveRecords()).isEqualTo(live);
        }
    }

    /** Requests that are all waiting when the worker starts go into full batches: ⌈1,200 / 500⌉ = 3 of them. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void waitingRequestsFillBatchesUpToMaxBatch(Backend backend) {
        Dataset data = RandomData.classification(6, 1500, 2, 1, 2);
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", data, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            Workflow workflow = new Workflow(registry);
            for (int i = 0; i < 1200; i++) {
                workflow.submit("r" + i, new ForgetRequest.Subject(i % 2 == 0 ? data.subjects().get(i % data.subjects().size())
                        : "unknown-" + i));
            }
            assertThat(new Worker(registry, Worker.Config.defaults().withMaxBatch(500)).drain()).isEqualTo(1200);
            List<StoredRequest> all = registry.requests().list(false, Instant.now(), 10_000);
            Map<Long, Long> batchSizes = all.stream().collect(java.util.stream.Collectors.groupingBy(
                    StoredRequest::batchId, java.util.stream.Collectors.counting()));
            assertThat(batchSizes.values()).containsExactlyInAnyOrder(500L, 500L, 200L);
        }
    }
}
