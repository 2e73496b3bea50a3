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

/** 8 threads submit 500 subject requests each while a worker runs: every request completes exactly once, in batches. */
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
            assertThat(all).allSatisfy(r -> assertThat(r.state()).isEqualTo(RequestState.DONE));
            assertThat(registry.requests().receiptCount()).isEqualTo(threads * perThread);
            assertThat(delivered).hasSize(threads * perThread);
            assertThat(delivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            // batched: far fewer model versions than requests, and every subject's records are gone
            long batches = all.stream().map(StoredRequest::batchId).distinct().count();
            assertThat(batches).isLessThan(threads * perThread / 4);
            assertThat(registry.models().versions("m1").size()).isLessThanOrEqualTo((int) batches + 1);
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
}
