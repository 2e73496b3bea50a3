package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe ledger verify|rotate-key} and {@code lethe init}: keys made once, the ledger checked against the registry. */
class LedgerCommandTest {

    @TempDir
    Path dir;

    /** A home whose worker completed two subject requests, with the ledger on. */
    private String homeWithCompletedRequests() throws IOException {
        StringBuilder csv = new StringBuilder("person,y,a\n");
        for (int i = 0; i < 40; i++) {
            csv.append("p").append(i % 8).append(',').append(i % 3 == 0 ? "yes" : "no").append(',').append(i * 0.5).append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        String home = dir.resolve("home").toString();
        ok("init", "--home", home);
        ok("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y", "--subject", "person");
        ok("model", "train", "--home", home, "--name", "m", "--dataset", "people", "--model", "test-prior");
        ok("request", "forget", "--home", home, "--subject", "p1", "--id", "T-1");
        ok("request", "forget", "--home", home, "--subject", "p2", "--id", "T-2");
        ok("worker", "--home", home, "--once");
        assertThat(ok("ledger", "verify", "--home", home).out()).contains("ledger valid: 2 entries");
        return home;
    }

    private static CliRunner ok(String... args) {
        CliRunner r = CliRunner.run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void aDeletedLedgerIsInvalidWhenTheRegistryRecordedIt() throws IOException {
        String home = homeWithCompletedRequests();
        Files.delete(Path.of(home, "ledger.jsonl"));
        Files.delete(Path.of(home, "ledger.head"));
        CliRunner v = CliRunner.run("ledger", "verify", "--home", home);
        assertThat(v.code()).isEqualTo(Main.CHECK_FAILED);
        assertThat(v.out()).contains("INVALID").contains("ledger.jsonl is missing").contains("registry records 2 entries")
                .doesNotContain("valid: 0 entries");
    }

    @Test
    void aTruncatedLedgerIsInvalidAgainstTheRegistryEvenWithItsHeadGone() throws IOException {
        String home = homeWithCompletedRequests();
        Path ledger = Path.of(home, "ledger.jsonl");
        Files.write(ledger, Files.readAllLines(ledger).subList(0, 1));
        Files.delete(Path.of(home, "ledger.head"));
        CliRunner v = CliRunner.run("ledger", "verify", "--home", home);
        assertThat(v.code()).isEqualTo(Main.CHECK_FAILED);
        assertThat(v.out()).contains("INVALID");
    }

    @Test
    void aDeletedKeyStopsEveryCommandThatNeedsItAndIsNeverRemade() throws IOException {
        String home = homeWithCompletedRequests();
        Path key = Path.of(home, "ledger-ed25519.key");
        byte[] publicKey = Files.readAllBytes(Path.of(home, "ledger-ed25519.pub"));
        Files.delete(key);
        for (String[] command : new String[][] {{"ledger", "verify", "--home", home}, {"worker", "--home", home, "--once"},
                {"init", "--home", home}, {"ledger", "rotate-key", "--home", home}}) {
            CliRunner r = CliRunner.run(command);
            assertThat(r.code()).as(String.join(" ", command)).isEqualTo(Main.USER_ERROR);
            assertThat(r.err()).as(String.join(" ", command)).contains("ledger-ed25519.key is missing").doesNotContain("Exception");
            assertThat(key).doesNotExist();
            assertThat(Path.of(home, "ledger-ed25519.pub")).hasBinaryContent(publicKey);
        }
        Path model = dir.resolve("m.lethe");
        ok("train", "--data", dir.resolve("d.csv").toString(), "--label", "y", "--model", "test-prior", "--out", model.toString());
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "3", "--home", home);
        assertThat(f.code()).isEqualTo(Main.USER_ERROR);
        assertThat(f.err()).contains("ledger-ed25519.key is missing");
        assertThat(key).doesNotExist();
    }

    @Test
    void aDeletedSubjectSecretIsAnErrorNotANewSecret() throws IOException {
        String home = homeWithCompletedRequests();
        Path secret = Path.of(home, "subject-hmac.key");
        Files.delete(secret);
        CliRunner r = CliRunner.run("worker", "--home", home, "--once");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("subject-hmac.key is missing");
        assertThat(secret).doesNotExist();
    }

    @Test
    void rotateKeyAppendsAnEntrySignedWithTheOldKeyAndTheLedgerStillVerifies() throws IOException {
        String home = homeWithCompletedRequests();
        byte[] before = Files.readAllBytes(Path.of(home, "ledger-ed25519.pub"));
        CliRunner r = ok("ledger", "rotate-key", "--home", home);
        assertThat(r.out()).contains("ledger: entry 3, rotate the ledger signing key to ed25519:");
        assertThat(Files.readAllBytes(Path.of(home, "ledger-ed25519.pub"))).isNotEqualTo(before);
        ok("request", "forget", "--home", home, "--subject", "p3", "--id", "T-3");
        ok("worker", "--home", home, "--once");
        assertThat(ok("ledger", "verify", "--home", home).out()).contains("ledger valid: 4 entries");
    }

    @Test
    void aForgetFromAStaleCopyOfTheModelFileIsRefusedByTheLedger() throws IOException {
        Path data = dir.resolve("d.csv");
        StringBuilder csv = new StringBuilder("pid,y,a\n");
        for (int i = 0; i < 30; i++) {
            csv.append(100 + i).append(',').append(i % 3 == 0 ? "yes" : "no").append(',').append(i * 0.5).append('\n');
        }
        Files.writeString(data, csv.toString());
        Path model = dir.resolve("m.lethe");
        String home = dir.resolve("home").toString();
        ok("train", "--data", data.toString(), "--label", "y", "--id", "pid", "--model", "test-prior", "--out", model.toString());
        byte[] stale = Files.readAllBytes(model);
        ok("forget", "--model", model.toString(), "--record", "101", "--home", home);
        // another process had loaded the model before that forget and writes its own result over it
        Files.write(model, stale);
        byte[] ledgerBefore = Files.readAllBytes(Path.of(home, "ledger.jsonl"));
        CliRunner r = CliRunner.run("forget", "--model", model.toString(), "--record", "102", "--home", home);
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("refusing a ledger entry").contains("digest_before").contains("last recorded digest_after");
        assertThat(Path.of(home, "ledger.jsonl")).hasBinaryContent(ledgerBefore);
        // another file trained alike is another model: no fork
        Path twin = dir.resolve("twin.lethe");
        Files.write(twin, stale);
        ok("forget", "--model", twin.toString(), "--record", "102", "--home", home);
        assertThat(ok("ledger", "verify", "--home", home).out()).contains("ledger valid: 2 entries");
    }

    @Test
    void aRequestsEntryHasAProofThatChecksWithTheHomesKeyAndFailsWhenChanged() throws IOException {
        String home = homeWithCompletedRequests();
        CliRunner proof = ok("ledger", "proof", "T-2", "--home", home);
        assertThat(proof.out()).contains("\"batch_first\" : 1").contains("\"batch_last\" : 2").contains("\"path\"");
        Path file = dir.resolve("proof.json");
        Files.writeString(file, proof.out());
        assertThat(ok("ledger", "check-proof", file.toString(), "--home", home).out())
                .contains("proof valid: entry 2 is in the batch of entries 1 to 2 signed with the home's key");
        Files.writeString(file, proof.out().replaceFirst("\"batch_last\" : 2", "\"batch_last\" : 3"));
        CliRunner bad = CliRunner.run("ledger", "check-proof", file.toString(), "--home", home);
        assertThat(bad.code()).isEqualTo(Main.CHECK_FAILED);
        assertThat(bad.out()).contains("proof invalid");
        CliRunner unknown = CliRunner.run("ledger", "proof", "T-9", "--home", home);
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("no entry for request 'T-9'");
    }
}
