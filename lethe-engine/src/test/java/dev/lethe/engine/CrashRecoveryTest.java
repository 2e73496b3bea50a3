package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerExpectation;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.Backend;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import dev.lethe.store.VersionInfo;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a worker process at every step of the workflow and restarts it. The worker runs as a child
 * JVM ({@link CrashingWorkerMain}) that halts itself — no shutdown hooks, no database close, like
 * {@code kill -9} — at the step named by {@code -Dlethe.fault.halt}. After every kill the registry must
 * hold no half-written model version and no forgotten record may be back; at the end every request
 * is done with exactly one receipt, delivered exactly once to the receipt file and to the signed ledger,
 * which still verifies.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    static final Dataset DATA = RandomData.classification(21, 150, 3, 1, 3);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWorkerKilledAtEveryStepRecoversOnRestart(Backend backend) throws Exception {
        Path homeDir = dir.resolve("home");
        Path receipts = dir.resolve("receipts.tsv");
        String url;
        List<String> subjects = DATA.subjects();
        int next = 0;
        Ledger.initialiseIfNew(homeDir);
        try (LetheHome home = backend.open(homeDir)) {
            url = backend.url(home);
            Catalog catalog = new Catalog(home.registry());
            catalog.importDataset("people", DATA, Map.of());
            catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
            catalog.train(new Catalog.TrainSpec("m2", "people", "tally", Map.of(), 4L, 0.2, 1.0));
            Workflow workflow = new Workflow(home.registry());
            for (; next < 4; next++) {
                workflow.submit("req-" + next, new ForgetRequest.Subject(subjects.get(next)));
            }
            workflow.submit("req-unknown", new ForgetRequest.Subject("nobody"));
        }
        for (Step step : Step.values()) {
            int exit = runWorker(homeDir, url, receipts, step);
            assertThat(exit).as("worker halted at " + step).isEqualTo(137);
            try (LetheHome home = LetheHome.open(homeDir, url, Backend.user(), Backend.password())) {
                checkInvariants(home.registry(), receipts);
                // more work arrives while the worker is down
                new Workflow(home.registry()).submit("req-" + next, new ForgetRequest.Subject(subjects.get(next)));
                next++;
            }
        }
        assertThat(runWorker(homeDir, url, receipts, null)).isZero();
        try (LetheHome home = LetheHome.open(homeDir, url, Backend.user(), Backend.password())) {
            Registry registry = home.registry();
            checkInvariants(registry, receipts);
            List<StoredRequest> all = registry.requests().list(false, java.time.Instant.now(), 1000);
            assertThat(all).hasSize(next + 1);
            assertThat(all).allSatisfy(r -> assertThat(r.state()).isEqualTo(RequestState.DONE));
            assertThat(registry.requests().receiptCount()).isEqualTo(all.size());
            List<String> lines = Files.readAllLines(receipts, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(all.size());
            assertThat(lines.stream().map(l -> l.split("\t")[0])).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(StoredRequest::id).toList());
            Ledger ledger = Ledger.open(home); // on PostgreSQL the registry's
            assertThat(ledger.inDatabase()).isEqualTo(backend == Backend.POSTGRESQL);
            assertThat(ledger.entries()).extracting(LedgerEntry::requestId)
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(StoredRequest::id).toList());
            LedgerVerification verification = ledger.verify(LedgerExpectation.recordedIn(registry.database()));
            assertThat(verification.valid()).as(verification.toString()).isTrue();
            String text = ledger.inDatabase() ? storedLedgerText(registry) : Files.readString(ledger.file());
            for (int s = 0; s < next; s++) {
                assertThat(text).doesNotContain("\"" + subjects.get(s) + "\"");
                assertThat(ledger.find("req-" + s).orElseThrow().subject()).isEqualTo(ledger.subjects().hash(subjects.get(s)));
            }
            assertThat(ledger.find("req-unknown").orElseThrow().records()).isEmpty();
            assertThat(registry.requests().receipt("req-unknown").orElseThrow().isEmpty()).isTrue();
            for (int s = 0; s < next; s++) {
                String subject = subjects.get(s);
                int owned = (int) java.util.stream.IntStream.range(0, DATA.size())
                        .filter(i -> DATA.subjectId(i).equals(subject)).count();
                assertThat(registry.requests().receipt("req-" + s).orElseThrow().recordsErased()).isEqualTo(owned);
            }
        }
    }

    /** No half-written version, no forgotten record back in the data or in a model, no duplicate receipt. */
    /** Every entry's text as the registry's ledger table stores it. */
    private static String storedLedgerText(Registry registry) {
        return registry.database().read(c -> {
            StringBuilder out = new StringBuilder();
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT body FROM ledger_entries ORDER BY seq");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString();
        });
    }

    static void checkInvariants(Registry registry, Path receipts) throws IOException {
        Set<Long> forgotten = new HashSet<>();
        for (StoredRequest r : registry.requests().list(false, java.time.Instant.now(), 10_000)) {
            if (r.state() == RequestState.DONE) {
                for (Located l : registry.requests().plannedRecords(r.batchId()).getOrDefault(r.id(), List.of())) {
                    forgotten.add(l.recordId());
                }
                assertThat(registry.requests().receipt(r.id())).as("receipt of " + r.id()).isPresent();
            }
        }
        long[] gone = forgotten.stream().mapToLong(Long::longValue).toArray();
        assertThat(registry.datasets().anyStored(gone)).as("forgotten records still stored").isFalse();
        Lineage goneSet = Lineage.of(gone);
        for (ModelInfo m : registry.models().list()) {
            for (VersionInfo v : registry.models().versions(m.name())) {
                if (v.isPurged()) {
                    continue;
                }
                UnlearnableModel model = registry.models().load(m.name(), v.version());
                assertThat(model.stateDigest()).isEqualTo(v.stateDigest());
                long[] training = model.history().applyTo(((dev.lethe.model.AbstractUnlearnableModel) model).records().data())
                        .recordIds();
                assertThat(Lineage.of(training)).as("lineage of " + m.name() + " v" + v.version()).isEqualTo(v.lineage());
                assertThat(v.lineage().intersects(goneSet)).as(m.name() + " v" + v.version() + " holds forgotten records").isFalse();
            }
        }
        if (Files.exists(receipts)) {
            List<String> ids = Files.readAllLines(receipts, StandardCharsets.UTF_8).stream().map(l -> l.split("\t")[0]).toList();
            assertThat(ids).doesNotHaveDuplicates();
        }
        Path home = receipts.resolveSibling("home");
        if (Files.exists(home.resolve(Ledger.FILE))) {
            assertThat(Ledger.open(home).entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates();
        }
    }

    /** Runs {@link CrashingWorkerMain} in a child JVM; returns its exit status. */
    static int runWorker(Path home, String url, Path receipts, Step haltAt) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "-Dlethe.receipts.file=" + receipts, "-Dlethe.receipts.ledger=true",
                // on PostgreSQL the restarted worker takes the halted one's batch over once its lease runs out
                "-D" + CrashingWorkerMain.LEASE_PROPERTY + "=1000"));
        if (haltAt != null) {
            cmd.add("-D" + CrashingWorkerMain.HALT_PROPERTY + "=" + haltAt);
        }
        cmd.add(CrashingWorkerMain.class.getName());
        cmd.add(home.toString());
        if (url != null) {
            cmd.add(url);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolveSibling("worker-" + haltAt + ".log").toFile());
        if (Backend.user() != null) {
            pb.environment().put("LETHE_DB_USER", Backend.user());
        }
        if (Backend.password() != null) {
            pb.environment().put("LETHE_DB_PASSWORD", Backend.password());
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("worker did not finish in 60 s");
        }
        if (p.exitValue() != 0 && p.exitValue() != 137) {
            throw new AssertionError("worker failed with " + p.exitValue() + ":\n"
                    + Files.readString(home.resolveSibling("worker-" + haltAt + ".log")));
        }
        return p.exitValue();
    }
}
