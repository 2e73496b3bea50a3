package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.LetheException.Kind;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Erased rows leave the registry's storage; the home is private; one worker per registry. */
class ScrubTest {

    @TempDir
    Path dir;

    /** A dataset whose subjects are distinctive strings, so a byte search finds exactly them. */
    static Dataset people() {
        return withSubjects(RandomData.classification(5, 60, 2, 0, 2), i -> "zq-person-" + (i / 2));
    }

    /** {@code base} with record IDs 1, 2, … and the subject {@code subjectOfRow.apply(i)} on row i. */
    static Dataset withSubjects(Dataset base, java.util.function.IntFunction<String> subjectOfRow) {
        String[] subjects = IntStream.range(0, base.size()).mapToObj(subjectOfRow).toArray(String[]::new);
        double[] values = new double[base.size() * base.numFeatures()];
        double[] targets = new double[base.size()];
        long[] ids = new long[base.size()];
        for (int i = 0; i < base.size(); i++) {
            for (int j = 0; j < base.numFeatures(); j++) {
                values[i * base.numFeatures() + j] = base.value(i, j);
            }
            targets[i] = base.target(i);
            ids[i] = i + 1;
        }
        return Dataset.of(base.schema(), values, targets, ids, subjects);
    }

    @Test
    void deletedRowsStayInTheH2FileUntilScrubbedWhileAnotherConnectionStaysUsable() throws IOException {
        Path home = dir.resolve("home");
        try (LetheHome a = TestHomes.open(home); LetheHome b = TestHomes.open(home)) {
            DatasetInfo d = a.registry().datasets().importDataset("people", people(), Map.of());
            byte[] needle = "zq-person-3".getBytes(StandardCharsets.UTF_8);
            // versions whose artifacts embed the rows of the subjects they hold, as stored versions do;
            // each forget stores a new version, purges the old one and deletes the rows
            ModelStore models = a.registry().models();
            models.create("m", "fam", d.id(), Map.of(), 1L, null, null, null,
                    new NewVersion(artifact(0), "d0", a.registry().datasets().liveRecords(d.id()), "trained", null));
            for (int k = 0; k < 8; k++) {
                int version = k + 1;
                long[] gone = {d.firstRecord() + 2L * k, d.firstRecord() + 2L * k + 1}; // zq-person-k's two rows
                Lineage left = a.registry().datasets().liveRecords(d.id()).andNot(Lineage.of(gone));
                a.registry().database().transaction(c -> {
                    a.registry().datasets().erase(c, gone);
                    models.addVersion(c, "m", version, new NewVersion(artifact(version), "d" + version, left, "forget", null));
                    return models.purgeOlderVersions(c, "m");
                });
            }
            assertThat(occurrences(home, needle)).as("a delete alone leaves the data in stale pages").isPositive();

            a.registry().scrubErasedData();

            assertThat(occurrences(home, needle)).isZero();
            assertThat(occurrences(home, "zq-person-20".getBytes(StandardCharsets.UTF_8))).isPositive();
            // both open homes (their connections were ended by the compaction) go on working
            assertThat(b.registry().datasets().liveCount(d.id())).isEqualTo(44);
            assertThat(a.registry().datasets().load(d.id()).size()).isEqualTo(44);
            assertThat(a.registry().scrubIfPending()).isFalse();
            assertThat(Files.getPosixFilePermissions(home.resolve("registry.mv.db")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void scrubKeepsWhatIsHeldAndAnErasureLeavesAScrubPending(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry r = home.registry();
            DatasetInfo d = r.datasets().importDataset("people", people(), Map.of());
            assertThat(r.scrubIfPending()).isFalse();
            r.database().transaction(c -> r.datasets().erase(c, new long[] {d.firstRecord()}));
            // a worker killed here leaves the scrub to the next one that claims the registry
            try (WorkerLease lease = home.claimWorker()) {
                assertThat(r.scrubIfPending()).isFalse();
            }
            r.scrubErasedData();
            assertThat(r.datasets().liveCount(d.id())).isEqualTo(59);
            assertThat(r.datasets().load(d.id()).subjectId(0)).isEqualTo("zq-person-0");
        }
    }

    @Test
    void withAnIntervalTheScrubComesAtItsEndOrFromTheNextWorker() throws Exception {
        Path home = dir.resolve("home");
        long first;
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            DatasetInfo d = r.datasets().importDataset("people", people(), Map.of());
            first = d.firstRecord();
            assertKindInvalid(() -> r.scrubAtMostEvery(java.time.Duration.ofDays(2)));
            assertKindInvalid(() -> r.scrubAtMostEvery(java.time.Duration.ofSeconds(-1)));

            r.scrubAtMostEvery(java.time.Duration.ofSeconds(2));
            r.scrubErasedData();
            r.database().transaction(c -> r.datasets().erase(c, new long[] {first}));
            r.scrubAfterErasure(); // due within 2 s: the timer does it
            for (int tries = 0; tries < 300 && ScrubState.pending(r.database()); tries++) {
                Thread.sleep(100);
            }
            assertThat(ScrubState.pending(r.database())).isFalse();

            r.scrubAtMostEvery(java.time.Duration.ofDays(1));
            r.database().transaction(c -> r.datasets().erase(c, new long[] {first + 1}));
            r.scrubAfterErasure(); // the last scrub was moments ago: deferred by up to a day
            assertThat(ScrubState.pending(r.database())).isTrue();
        }
        // the process ended with the scrub due: the next worker to claim the registry does it first
        try (LetheHome h = TestHomes.open(home); WorkerLease lease = h.claimWorker()) {
            assertThat(ScrubState.pending(h.registry().database())).isFalse();
            assertThat(h.registry().datasets().liveCount(h.registry().datasets().get("people").id())).isEqualTo(58);
        }
    }

    @Test
    void byDefaultABacklogDefersTheScrubForAtMostItsBoundAndAnEmptyQueueScrubsAtOnce() throws Exception {
        try (LetheHome h = TestHomes.open(dir.resolve("home"))) {
            Registry r = h.registry();
            DatasetInfo d = r.datasets().importDataset("people", people(), Map.of());
            r.scrubErasedData();
            int erased = r.database().transaction(c -> r.datasets().erase(c, new long[] {d.firstRecord(), d.firstRecord(), -5}));
            assertThat(erased).isEqualTo(1);
            r.scrubAfterErasure(true); // more requests wait: coalesced with the next batches
            assertThat(ScrubState.pending(r.database())).isTrue();
            long deadline = System.nanoTime() + ScrubSchedule.BACKLOG_BOUND.toNanos() + 20_000_000_000L;
            while (ScrubState.pending(r.database()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ScrubState.pending(r.database())).as("the timer scrubs by the end of the bound").isFalse();

            r.database().transaction(c -> r.datasets().erase(c, new long[] {d.firstRecord() + 1}));
            r.scrubAfterErasure(false); // nothing waits: at once
            assertThat(ScrubState.pending(r.database())).isFalse();
            assertThat(r.datasets().liveCount(d.id())).isEqualTo(58);
        }
    }

    private static void assertKindInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(StoreException.class).hasMessageContaining("scrub interval")
                .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(Kind.INVALID_INPUT));
    }

    @Test
    void severalWorkersShareAPostgresRegistry() {
        try (LetheHome home = Backend.POSTGRESQL.open(dir); WorkerLease first = home.claimWorker();
             WorkerLease second = home.claimWorker()) {
            assertThat(first).isNotSameAs(second);
        }
    }

    @Test
    void aSecondWorkerIsRefusedOnAnEmbeddedRegistryUntilTheFirstLetsGo() {
        try (LetheHome home = Backend.H2.open(dir)) {
            try (WorkerLease first = home.claimWorker()) {
                assertThatThrownBy(home::claimWorker).isInstanceOf(StoreException.class)
                        .hasMessageContaining("another worker is already running")
                        .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(Kind.CONFLICT));
            }
            home.claimWorker().close();
        }
    }

    @Test
    void theHomeIsPrivateFromTheStart() throws IOException {
        Path home = dir.resolve("a").resolve("home");
        try (LetheHome h = TestHomes.open(home)) {
            h.claimWorker().close();
            assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(home.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(home)) {
                for (Path f : files.toList()) {
                    assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                }
            }
            assertThat(home.resolve("registry.mv.db")).exists();
            assertThat(home.resolve(WorkerLease.LOCK_FILE)).exists();
        }
    }

    /** An artifact that embeds the subject IDs from {@code zq-person-<first>} on, as a model holding their rows would. */
    private static byte[] artifact(int first) {
        StringBuilder b = new StringBuilder();
        for (int rep = 0; rep < 200; rep++) {
            for (int s = first; s < 30; s++) {
                b.append("zq-person-").append(s).append(';');
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static int occurrences(Path home, byte[] needle) throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                n += occurrences(Files.readAllBytes(f), needle);
            }
        }
        return n;
    }

    static int occurrences(byte[] bytes, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }
}
