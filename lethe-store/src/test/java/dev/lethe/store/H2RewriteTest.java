package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.h2.message.TraceSystem;
import org.h2.store.FileLock;
import org.h2.store.FileLockMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uncompressed rewrite of an embedded registry. */
class H2RewriteTest {

    @TempDir
    Path dir;

    @Test
    void theScrubWritesTheLivePagesUncompressedAndLeavesNoTemporaryFile() throws Exception {
        Path home = dir.resolve("home");
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            DatasetInfo d = r.datasets().importDataset("people", ScrubCrashTest.people(400), Map.of());
            r.database().transaction(c -> r.datasets().erase(c, new long[] {d.firstRecord() + 300, d.firstRecord() + 301}));
            assertThat(ScrubTest.occurrences(home, bytes("zq-150-person"))).as("in stale pages").isPositive();
            r.scrubErasedData();
            assertThat(ScrubState.pending(r.database())).isFalse();
            assertThat(r.datasets().liveCount(d.id())).isEqualTo(398);
        }
        assertThat(ScrubTest.occurrences(home, bytes("zq-150-person"))).isZero();
        // every live subject ID lies in the file as written: LZF-compressed pages would hide most of them
        // behind back-references to the parts they share
        for (int k = 0; k < 200; k++) {
            if (k != 150) {
                assertThat(ScrubTest.occurrences(home, bytes("zq-" + k + "-person"))).as("subject " + k).isPositive();
            }
        }
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tempFile"));
        }
    }

    @Test
    void whenAnotherProcessTakesTheFileAfterTheShutdownTheRewriteChangesNothing() throws Exception {
        Path home = dir.resolve("home");
        Path file;
        try (LetheHome h = TestHomes.open(home)) {
            h.registry().datasets().importDataset("people", ScrubCrashTest.people(40), Map.of());
            file = h.registry().database().h2File();
        }
        byte[] before = Files.readAllBytes(file);
        TraceSystem silent = new TraceSystem(null);
        silent.setLevelFile(TraceSystem.OFF);
        FileLock other = new FileLock(silent, home.resolve("registry.lock.db").toString(), 1000);
        other.lock(FileLockMethod.FILE); // as a process that opened the registry would hold it
        try (Connection elsewhere = DriverManager.getConnection("jdbc:h2:mem:rewrite-test")) {
            assertThat(H2Rewrite.shutDownAndRewrite(elsewhere, file)).isFalse();
        } finally {
            other.unlock();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    /**
     * An index's inner pages keep copies of keys that once split its leaves, and a compaction copies
     * them as they are: with an index on the raw subject ID, a tenth of the erased subjects' IDs stayed
     * in the scrubbed file (hidden from a plain byte search only by compression, so the file's pages
     * are searched decompressed). Records are indexed by a keyed digest of their subject instead.
     */
    @Test
    void noErasedSubjectIdStaysInAnIndexPageAfterTheScrub() throws Exception {
        Path home = dir.resolve("home");
        int erasedSubjects = 300;
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            DatasetInfo d = r.datasets().importDataset("people", ScrubCrashTest.people(20_000), Map.of());
            long[] gone = java.util.stream.LongStream.range(d.firstRecord(), d.firstRecord() + 2L * erasedSubjects).toArray();
            r.database().transaction(c -> r.datasets().erase(c, gone));
            r.scrubErasedData();
            assertThat(r.datasets().liveCount(d.id())).isEqualTo(20_000 - 2L * erasedSubjects);
        }
        Path plain = dir.resolve("plain.mv.db");
        org.h2.mvstore.MVStore.compact(home.resolve("registry.mv.db").toString(), plain.toString(), false, null);
        byte[] pages = Files.readAllBytes(plain);
        int left = 0;
        for (int k = 0; k < erasedSubjects; k++) {
            left += ScrubTest.occurrences(pages, bytes("zq-" + k + "-person")) > 0 ? 1 : 0;
        }
        assertThat(left).as("erased subjects whose ID the scrubbed file holds").isZero();
        assertThat(ScrubTest.occurrences(pages, bytes("zq-" + erasedSubjects + "-person"))).as("a subject still held").isPositive();
    }

    /** No raw ID as an index key; not even the digest on an embedded registry, whose worker finds subjects in memory (V180). */
    @Test
    void recordsAreNeverIndexedByTheRawIdAndOnH2NotByTheirDigestEither() throws Exception {
        try (LetheHome h = TestHomes.open(dir.resolve("home"))) {
            Registry r = h.registry();
            r.datasets().importDataset("people", ScrubCrashTest.people(40), Map.of());
            List<String> indexed = r.database().read(c -> {
                List<String> columns = new java.util.ArrayList<>();
                try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                        "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE TABLE_NAME = 'RECORDS'")) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                return columns;
            });
            assertThat(indexed).contains("RECORD_ID").doesNotContain("SUBJECT", "SUBJECT_KEY");
            List<DatasetStore.Located> held = r.database().read(c -> r.datasets().recordsOfSubject(c, "zq-3-person"));
            assertThat(held).hasSize(2);
        }
    }

    /** Rows stored before V170 have no digest: the first open with the home's secret gives them theirs. */
    @Test
    void recordsStoredBeforeSubjectsWereKeyedAreFoundAfterTheNextOpen() throws Exception {
        Path home = dir.resolve("home");
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            r.datasets().importDataset("people", ScrubCrashTest.people(40), Map.of());
            r.scrubErasedData();
            unkeyAsV170Left(r); // a registry that held subjects
            List<DatasetStore.Located> unkeyed = r.database().read(c -> r.datasets().recordsOfSubject(c, "zq-3-person"));
            assertThat(unkeyed).isEmpty();
        }
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            List<DatasetStore.Located> keyed = r.database().read(c -> r.datasets().recordsOfSubject(c, "zq-3-person"));
            assertThat(keyed).hasSize(2);
            assertThat(ScrubState.pending(r.database())).as("the dropped raw index's pages are scrubbed next").isTrue();
        }
    }

    @Test
    void aHomeWithAnotherSubjectSecretThanTheRegistrysDoesNotKeyItsStoredRecords() throws Exception {
        Path home = dir.resolve("home");
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            r.datasets().importDataset("people", ScrubCrashTest.people(40), Map.of());
            // a registry another home recorded its secret in
            unkeyAsV170Left(r, "INSERT INTO subject_key_check (id, fingerprint, recorded_at) VALUES (1, 'key-check:00', 0)");
        }
        assertThatThrownBy(() -> TestHomes.open(home)).isInstanceOf(StoreException.class)
                .hasMessageContaining(SubjectKeys.SECRET_FILE).hasMessageContaining("differs");
        try (Database db = Database.open(LetheHome.h2Url(home), "sa", "", 1)) {
            long keyed = db.read(c -> {
                try (java.sql.Statement s = c.createStatement();
                     java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM records WHERE subject_key IS NOT NULL")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(keyed).as("no record keyed with the wrong secret").isZero();
        }
    }

    /** Leaves the records as V170 does, without their subject's digest, and runs {@code more}. */
    private static void unkeyAsV170Left(Registry r, String... more) {
        r.database().transaction(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("UPDATE records SET subject_key = NULL");
                s.execute("UPDATE subject_keys_state SET keyed = FALSE");
                for (String sql : more) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
