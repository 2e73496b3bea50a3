package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed ({@code kill -9}) in the middle of the scrub's rewrite of an embedded registry. */
class ScrubCrashTest {

    @TempDir
    Path dir;

    /** A dataset of {@code rows} rows, two per subject {@code zq-k-person}, in that order. */
    static Dataset people(int rows) {
        return ScrubTest.withSubjects(dev.lethe.testing.RandomData.classification(7, rows, 4, 0, 2), i -> "zq-" + (i / 2) + "-person");
    }

    /**
     * The child erases one subject after another and scrubs after each; it is killed while the new file
     * ({@code registry.mv.db.tempFile}) is being written. The registry then opens, holds every committed
     * erasure and nothing else, still marks the scrub as due, and the next scrub leaves no temporary file.
     */
    @Test
    void aProcessKilledWhileTheScrubRewritesTheFileLeavesAReadableRegistryWithTheScrubDue() throws Exception {
        Path home = dir.resolve("home");
        int rows = 20_000;
        try (LetheHome h = TestHomes.open(home)) {
            h.registry().datasets().importDataset("people", people(rows), Map.of());
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ScrubbingMain.class.getName(), home.toString()).redirectErrorStream(true).start();
        AtomicInteger erased = new AtomicInteger(-1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("erased ")) {
                        erased.set(Integer.parseInt(line.substring("erased ".length())));
                    }
                }
            } catch (java.io.IOException e) {
                // the child is gone
            }
        });
        reader.start();
        Path temp = home.resolve("registry.mv.db.tempFile");
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean inTheMiddle = false;
        while (child.isAlive() && System.nanoTime() < deadline && !inTheMiddle) {
            inTheMiddle = erased.get() >= 2 && Files.exists(temp);
        }
        child.destroyForcibly(); // SIGKILL
        child.waitFor();
        reader.join();
        assertThat(inTheMiddle).as("the child was killed while it wrote the new file").isTrue();
        int reported = erased.get();
        try (LetheHome h = TestHomes.open(home)) {
            Registry r = h.registry();
            DatasetInfo d = r.datasets().list().get(0);
            long live = r.datasets().liveCount(d.id());
            // the erasure after the last one reported may have committed before the kill
            assertThat(live).isIn((long) rows - 2L * (reported + 1), (long) rows - 2L * (reported + 2));
            Dataset held = r.datasets().load(d.id());
            assertThat(held.size()).isEqualTo((int) live);
            assertThat(held.subjectId(0)).isEqualTo("zq-" + (rows / 2 - live / 2) + "-person");
            assertThat(r.scrubIfPending()).as("the interrupted scrub is still due").isTrue();
            assertThat(ScrubState.pending(r.database())).isFalse();
            assertThat(r.datasets().liveCount(d.id())).isEqualTo(live);
        }
        assertThat(temp).doesNotExist();
    }
}
