package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One home, several processes: while {@code lethe worker} runs in a child JVM, commands on the same
 * home in this JVM submit and inspect requests (the embedded registry is shared, and survives the
 * worker compacting it after each batch), and a second worker is refused with a one-line message.
 */
class SharedHomeTest {

    @TempDir
    Path dir;

    @Test
    void commandsShareTheHomeWithARunningWorkerAndASecondWorkerIsRefused() throws Exception {
        StringBuilder csv = new StringBuilder("person,y,a\n");
        for (int i = 0; i < 40; i++) {
            csv.append("p").append(i % 8).append(',').append(i % 2 == 0 ? "yes" : "no").append(',').append(i).append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        String home = dir.resolve("home").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y",
                "--subject", "person").code()).isZero();
        assertThat(CliRunner.run("model", "train", "--home", home, "--name", "m", "--dataset", "people", "--model", "nb")
                .code()).isZero();

        Path log = dir.resolve("worker.log");
        Process worker = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--home", home)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLog(worker, log, "processing requests");

            CliRunner r = CliRunner.run("request", "forget", "--home", home, "--subject", "p3", "--id", "S-1");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("request S-1");
            r = CliRunner.run("requests", "--home", home);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("S-1");
            r = CliRunner.run("models", "--home", home);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("m ");

            r = CliRunner.run("worker", "--home", home, "--once");
            assertThat(r.code()).isEqualTo(Main.USER_ERROR);
            assertThat(r.err()).contains("another worker is already running").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).isEqualTo(1);

            // the running worker carries the request out; status keeps working across its compaction
            String status = "";
            for (int tries = 0; tries < 600 && !status.contains("DONE"); tries++) {
                r = CliRunner.run("request", "status", "--home", home, "S-1");
                assertThat(r.code()).as(r.err()).isZero();
                status = r.out();
                if (!status.contains("DONE")) {
                    assertThat(worker.isAlive()).as(Files.readString(log)).isTrue();
                    Thread.sleep(100);
                }
            }
            assertThat(status).contains("request S-1: DONE").contains("5 stored records erased");
            r = CliRunner.run("request", "forget", "--home", home, "--subject", "p5", "--id", "S-2");
            assertThat(r.code()).as(r.err()).isZero();
        } finally {
            worker.destroy();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        // with the first worker gone, another may take the home and finish what is left
        CliRunner r = CliRunner.run("worker", "--home", home, "--once");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(CliRunner.run("request", "status", "--home", home, "S-2").out()).contains("request S-2: DONE");
    }

    private static void awaitLog(Process p, Path log, String text) throws IOException, InterruptedException {
        for (int tries = 0; tries < 1200; tries++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the worker exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the worker did not start: " + Files.readString(log));
    }
}
