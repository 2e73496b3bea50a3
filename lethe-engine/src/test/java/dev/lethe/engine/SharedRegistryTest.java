package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerExpectation;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.Backend;
import dev.lethe.store.BatchState;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several workers on one PostgreSQL registry (issue 12): they take disjoint requests, leave a batch
 * another live worker holds alone, take over the batch of a worker that died once its lease runs out,
 * and together complete every request exactly once, with one receipt and one ledger entry each, in a
 * ledger that verifies: the one in the registry database, which every worker appends to.
 */
class SharedRegistryTest {

    @TempDir
    Path dir;

    private static final int REQUESTS = 12;

    @Test
    void aSecondWorkerLeavesTheFirstOnesBatchAloneAndDoesTheRest() throws Exception {
        Path homeDir = dir.resolve("home");
        Ledger.initialiseIfNew(homeDir);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (LetheHome a = Backend.POSTGRESQL.open(homeDir);
             LetheHome b = LetheHome.open(homeDir, Backend.POSTGRESQL.url(a), Backend.user(), Backend.password())) {
            prepare(a.registry());
            CountDownLatch planned = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Faults pauseAfterPlanning = step -> {
                if (step == Step.PLAN && planned.getCount() > 0) {
                    planned.countDown();
                    awaitQuietly(release);
                }
            };
            try (Worker first = new Worker(a.registry(), Worker.Config.defaults().withMaxBatch(5).withFaults(pauseAfterPlanning)
                    .withSink(LedgerReceiptSink.inHome(homeDir, a.registry())));
                 Worker second = new Worker(b.registry(), Worker.Config.defaults().withMaxBatch(5)
                         .withSink(LedgerReceiptSink.inHome(homeDir, b.registry())))) {
                Future<Integer> byFirst = threads.submit(first::drain);
                assertThat(planned.await(60, TimeUnit.SECONDS)).isTrue();
                long held = b.registry().requests().openBatches().get(0);
                // the first worker holds a planned batch of five and is alive: the second does the seven others
                int bySecond = second.processOnce() + second.processOnce();
                assertThat(bySecond).isEqualTo(REQUESTS - 5);
                assertThat(b.registry().requests().batchState(held)).isEqualTo(BatchState.PLANNED);
                assertThat(b.registry().requests().batchRequests(held)).hasSize(5)
                        .allSatisfy(r -> assertThat(r.state()).isEqualTo(RequestState.PLANNED));
                release.countDown();
                assertThat(byFirst.get(60, TimeUnit.SECONDS)).isEqualTo(5);
            }
            checkAllDoneOnce(a.registry(), homeDir);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Halted while its batch is in memory ({@code FORGET}), or after its receipts reached the ledger in the
     * registry but before its requests were marked done ({@code DELIVER}): the survivor redelivers them, and
     * the ledger's request index makes that append nothing.
     */
    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"FORGET", "DELIVER"})
    void twoWorkerProcessesOneKilledMidBatchCompleteEveryRequestOnce(Step haltAt) throws Exception {
        Path homeDir = dir.resolve("home");
        Ledger.initialiseIfNew(homeDir);
        String url;
        try (LetheHome home = Backend.POSTGRESQL.open(homeDir)) {
            url = Backend.POSTGRESQL.url(home);
            prepare(home.registry());
        }
        Process doomed = start(homeDir, url, "doomed", haltAt);
        String doomedOwner;
        long doomedBatch;
        try (LetheHome home = LetheHome.open(homeDir, url, Backend.user(), Backend.password())) {
            long[] batch = {-1};
            String[] owner = {null};
            for (int tries = 0; tries < 600 && owner[0] == null; tries++) { // until the first worker has planned a batch
                home.registry().database().read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT id, owner FROM batches ORDER BY id");
                         ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            batch[0] = rs.getLong(1);
                            owner[0] = rs.getString(2);
                        }
                    }
                    return null;
                });
                Thread.sleep(100);
            }
            assertThat(owner[0]).as("the first worker planned a batch").isNotNull();
            doomedOwner = owner[0];
            doomedBatch = batch[0];
        }
        Process survivor = start(homeDir, url, "survivor", null);
        assertThat(doomed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(doomed.exitValue()).as("halted mid-batch").isEqualTo(137);
        assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(survivor.exitValue()).as(Files.readString(dir.resolve("survivor.log"))).isZero();
        try (LetheHome home = LetheHome.open(homeDir, url, Backend.user(), Backend.password())) {
            Registry registry = home.registry();
            assertThat(registry.requests().batchState(doomedBatch)).isEqualTo(BatchState.DONE);
            String finalOwner = registry.database().read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM batches WHERE id = ?")) {
                    ps.setLong(1, doomedBatch);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            assertThat(finalOwner).as("the survivor took the halted batch over").isNotEqualTo(doomedOwner);
            checkAllDoneOnce(registry, homeDir);
            List<String> delivered = new ArrayList<>();
            for (String name : List.of("doomed", "survivor")) {
                Path file = dir.resolve(name + ".tsv");
                if (Files.exists(file)) {
                    Files.readAllLines(file, StandardCharsets.UTF_8).forEach(l -> delivered.add(l.split("\t")[0]));
                }
            }
            if (haltAt == Step.FORGET) {
                assertThat(delivered).doesNotHaveDuplicates().hasSize(REQUESTS);
            } else { // the file sink is not idempotent: the halted batch's receipts reached it twice, the ledger once
                assertThat(new java.util.HashSet<>(delivered)).hasSize(REQUESTS);
            }
        }
    }

    /** A dataset, two models and {@link #REQUESTS} subject requests. */
    private static void prepare(Registry registry) {
        Catalog catalog = new Catalog(registry);
        catalog.importDataset("people", CrashRecoveryTest.DATA, Map.of());
        catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
        catalog.train(Catalog.TrainSpec.of("m2", "people", "tally"));
        Workflow workflow = new Workflow(registry);
        List<String> subjects = CrashRecoveryTest.DATA.subjects().stream().distinct().toList();
        for (int i = 0; i < REQUESTS; i++) {
            workflow.submit("req-" + i, new ForgetRequest.Subject(subjects.get(i)));
        }
    }

    /**
     * Every request done once, with one receipt, and one entry in the ledger, which on PostgreSQL is kept
     * in the registry (the workers may run on different machines) and verifies against the registry's
     * record of it; the home's file ledger stays empty.
     */
    private static void checkAllDoneOnce(Registry registry, Path homeDir) throws IOException {
        List<StoredRequest> all = registry.requests().list(false, Instant.now(), 1000);
        assertThat(all).hasSize(REQUESTS).allSatisfy(r -> assertThat(r.state()).isEqualTo(RequestState.DONE));
        assertThat(registry.requests().receiptCount()).isEqualTo(REQUESTS);
        assertThat(registry.requests().openBatches()).isEmpty();
        CrashRecoveryTest.checkInvariants(registry, homeDir.resolveSibling("receipts.tsv"));
        Ledger ledger = Ledger.open(homeDir, registry.database());
        assertThat(ledger.inDatabase()).isTrue();
        assertThat(Ledger.open(homeDir).entries()).as("the home's file ledger").isEmpty();
        assertThat(ledger.entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all.stream().map(StoredRequest::id).toList());
        LedgerVerification verification = ledger.verify(LedgerExpectation.recordedIn(registry.database()));
        assertThat(verification.valid()).as(verification.toString()).isTrue();
    }

    /** A {@link CrashingWorkerMain} child JVM with batches of three and a one-second lease. */
    private Process start(Path home, String url, String name, Step haltAt) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "-Dlethe.receipts.file=" + dir.resolve(name + ".tsv"), "-Dlethe.receipts.ledger=true",
                "-D" + CrashingWorkerMain.LEASE_PROPERTY + "=1000", "-D" + CrashingWorkerMain.MAX_BATCH_PROPERTY + "=3"));
        if (haltAt != null) {
            cmd.add("-D" + CrashingWorkerMain.HALT_PROPERTY + "=" + haltAt);
        }
        cmd.addAll(List.of(CrashingWorkerMain.class.getName(), home.toString(), url));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("LETHE_DB_USER", Backend.user());
        if (Backend.password() != null) {
            pb.environment().put("LETHE_DB_PASSWORD", Backend.password());
        }
        return pb.start();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
