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

    /** A home with 40 records of 8 subjects and an nb model; returns its directory. */
    private String home() throws IOException {
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
        return home;
    }

    /** {@code lethe worker --home HOME} in a child JVM, once it says it is processing requests. */
    private Process startWorker(String home, Path log) throws IOException, InterruptedException {
        Process worker = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--home", home)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitLog(worker, log, "processing requests");
        return worker;
    }

    /** Polls {@code request status} until the request is done; every poll must succeed. */
    private static String awaitDone(String home, String id, Process worker, Path log) throws Exception {
        String status = "";
        for (int tries = 0; tries < 600 && !status.contains("DONE"); tries++) {
            CliRunner r = CliRunner.run("request", "status", "--home", home, id);
            assertThat(r.code()).as(r.err()).isZero();
            status = r.out();
            if (!status.contains("DONE")) {
                assertThat(worker.isAlive()).as(Files.readString(log)).isTrue();
                Thread.sleep(100);
            }
        }
        return status;
    }

    private static void stop(Process worker) throws InterruptedException {
        worker.destroy();
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
            worker.destroyForcibly();
        }
    }

    @Test
    void theWorkerOutlivesTheProcessThatServedTheRegistry() throws Exception {
        String home = home();
        Path log = dir.resolve("worker.log");
        Process worker;
        // this JVM opens the registry first, so it serves it; the worker in the child is its client
        try (dev.lethe.store.LetheHome serving = dev.lethe.store.LetheHome.open(Path.of(home))) {
            worker = startWorker(home, log);
            assertThat(serving.registry().models().list()).hasSize(1);
        }
        try {
            CliRunner r = CliRunner.run("request", "forget", "--home", home, "--subject", "p2", "--id", "S-9");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(awaitDone(home, "S-9", worker, log)).contains("request S-9: DONE");
        } finally {
            stop(worker);
        }
    }

    @Test
    void commandsShareTheHomeWithARunningWorkerAndASecondWorkerIsRefused() throws Exception {
        String home = home();
        Path log = dir.resolve("worker.log");
        Process worker = startWorker(home, log);
        try {

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
            assertThat(awaitDone(home, "S-1", worker, log)).contains("request S-1: DONE").contains("5 stored records erased");
            r = CliRunner.run("request", "forget", "--home", home, "--subject", "p5", "--id", "S-2");
            assertThat(r.code()).as(r.err()).isZero();
        } finally {
            stop(worker);
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
