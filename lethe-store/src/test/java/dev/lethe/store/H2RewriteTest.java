package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
        try (LetheHome h = LetheHome.open(home)) {
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
        try (LetheHome h = LetheHome.open(home)) {
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
