package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry commands end to end on a small CSV in an embedded-H2 Lethe home. */
class RegistryCommandsTest {

    @TempDir
    Path dir;

    @Test
    void theWorkerKeepsNoLedgerWhenToldNot() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "person,y,a\np1,yes,1\np1,no,2\np2,yes,3\np2,no,4\n");
        String home = dir.resolve("home").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "d", "--data", data.toString(), "--label", "y",
                "--subject", "person").code()).isZero();
        assertThat(CliRunner.run("request", "forget", "--home", home, "--subject", "p1").code()).isZero();
        CliRunner bad = CliRunner.run("worker", "--home", home, "--once", "--scrub-interval", "5000");
        assertThat(bad.code()).isEqualTo(Main.USER_ERROR);
        assertThat(bad.err()).contains("--scrub-interval must be 0 to 1440 minutes, got 5000");
        CliRunner r = CliRunner.run("worker", "--home", home, "--once", "--no-ledger", "--scrub-interval", "60");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("completed 1 request");
        assertThat(dir.resolve("home").resolve("ledger.jsonl")).as("a new home's ledger, still empty").isEmptyFile();
    }

    @Test
    void importTrainForgetProcessAndInspect() throws IOException {
        StringBuilder csv = new StringBuilder("person,y,a,b\n");
        for (int i = 0; i < 60; i++) {
            csv.append("p").append(i % 12).append(',').append(i % 3 == 0 ? "yes" : "no").append(',').append(i * 0.5)
                    .append(',').append((i * 7) % 5).append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        String home = dir.resolve("home").toString();

        CliRunner r = CliRunner.run("init", "--home", home);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Lethe home ready").contains("embedded H2");

        r = CliRunner.run("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y",
                "--subject", "person");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported people: 60 records (IDs 1–60)");

        r = CliRunner.run("model", "train", "--home", home, "--name", "m", "--dataset", "people", "--model", "test-prior");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trained m (test-prior) on 60 records");

        r = CliRunner.run("request", "forget", "--home", home, "--subject", "p3", "--id", "T-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("submitted request T-1").doesNotContain("p3");
        r = CliRunner.run("request", "forget", "--home", home, "--subject", "p3", "--id", "T-1");
        assertThat(r.out()).contains("already submitted request T-1");
        r = CliRunner.run("request", "forget", "--home", home, "--subject", "someone", "--id", "T-1");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("already used for a different request");
        r = CliRunner.run("request", "forget", "--home", home, "--subject", "x", "--records", "1");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);

        r = CliRunner.run("requests", "--home", home);
        assertThat(r.out()).contains("T-1").contains("SUBMITTED").contains("1 request");
        // named by the home's keyed hash, the ledger's, never by an unkeyed hash anyone can recompute
        String keyed = "subject " + dev.lethe.engine.KeyedSummaries.subjectHash(dir.resolve("home")).apply("p3");
        assertThat(r.out()).contains(keyed).doesNotContain("subject sha256:");
        r = CliRunner.run("requests", "--home", home, "--overdue");
        assertThat(r.out()).contains("0 requests overdue");

        r = CliRunner.run("worker", "--home", home, "--once");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("completed 1 request");
        r = CliRunner.run("ledger", "verify", "--home", home);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("ledger valid: 1 entries");
        r = CliRunner.run("ledger", "show", "--home", home);
        assertThat(r.out()).contains("subject hmac-sha256:").contains("5 records").doesNotContain("p3");
        r = CliRunner.run("worker", "--home", home, "--once");
        assertThat(r.out()).contains("completed 0 requests");
        assertThat(CliRunner.run("ledger", "verify", "--home", home).out()).contains("ledger valid: 1 entries");

        r = CliRunner.run("request", "status", "--home", home, "T-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("request T-1: DONE").contains(keyed).contains("5 stored records erased from [people]")
                .contains("model m v2 (test-prior): 5 records forgotten, EXACT");

        r = CliRunner.run("models", "--home", home);
        assertThat(r.out()).contains("m  test-prior on people, current version 2").contains("v1    trained       60 records")
                .contains("purged").contains("v2    forget        55 records");

        r = CliRunner.run("request", "status", "--home", home, "nope");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("unknown request 'nope'");
    }
}
