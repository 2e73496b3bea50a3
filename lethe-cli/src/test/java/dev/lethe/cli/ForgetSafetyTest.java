package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.audit.ledger.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code lethe forget} commits all of its outputs or none, and writers of one model file take turns
 * (issue 11, section 2).
 */
class ForgetSafetyTest extends SmallModel {

    @Test
    void twoProcessesForgettingDifferentRecordsOfOneModelLoseNothing() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            first.add(String.valueOf(100 + i));
            second.add(String.valueOf(120 + i));
        }
        Path receipts = Files.createDirectories(dir.resolve("receipts"));
        Process a = child(receipts.resolve("a-"), first);
        Process b = child(receipts.resolve("b-"), second);
        for (Process p : List.of(a, b)) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        // every record of both sets is gone from the final model: forgetting any of them again is refused
        for (String id : Stream.concat(first.stream(), second.stream()).toList()) {
            CliRunner again = CliRunner.run("forget", "--model", model.toString(), "--record", id, "--no-ledger");
            assertThat(again.code()).as(id).isEqualTo(2);
            assertThat(again.err()).contains("already forgotten");
        }
        // and each forget started from the state the previous one left: no two share a digest_before
        Set<String> before = new HashSet<>();
        try (Stream<Path> files = Files.list(receipts)) {
            for (Path f : files.toList()) {
                JsonNode json = Json.MAPPER.readTree(f.toFile());
                assertThat(before.add(json.get("digest_before").asText())).as(f.toString()).isTrue();
            }
        }
        assertThat(before).hasSize(16);
    }

    private Process child(Path receiptPrefix, List<String> ids) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ForgetInChild.class.getName(), model.toString(),
                receiptPrefix.toString()));
        command.addAll(ids);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aLockHeldLongerThanTheTimeoutIsAClearErrorNamingTheModel() throws IOException {
        byte[] before = Files.readAllBytes(model);
        try (ModelFileLock held = ModelFileLock.acquire(model.toAbsolutePath(), Duration.ZERO)) {
            CliRunner r = CliRunner.run("forget", "--model", model.toString(), "--record", "101", "--no-ledger",
                    "--lock-timeout", "0.1");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains(model.toString())
                    .contains("another lethe process is changing this model");
        }
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertThat(CliRunner.run("forget", "--model", model.toString(), "--record", "101", "--no-ledger").code()).isZero();
    }

    @Test
    void aReceiptPathThatIsADirectoryChangesNothing() throws IOException {
        Path home = dir.resolve("home");
        Ledger.open(home);
        byte[] before = Files.readAllBytes(model);
        Path receiptDir = Files.createDirectories(dir.resolve("receipt-dir"));
        CliRunner r = CliRunner.run("forget", "--model", model.toString(), "--record", "101", "--home", home.toString(),
                "--receipt", receiptDir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("receipt-dir: is a directory");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertThat(Ledger.open(home).entries()).isEmpty();
        assertNoTemporaryFiles();
        // the retry that fixes the path does the whole forget: model, receipt and ledger entry
        Path receipt = receiptDir.resolve("r.json");
        CliRunner retry = CliRunner.run("forget", "--model", model.toString(), "--record", "101", "--home", home.toString(),
                "--receipt", receipt.toString());
        assertThat(retry.code()).as(retry.err()).isZero();
        assertThat(Ledger.open(home).entries()).hasSize(1);
        assertThat(Files.exists(receipt)).isTrue();
    }

    @Test
    void outputsUnderAFileInsteadOfADirectoryChangeNothing() throws IOException {
        byte[] before = Files.readAllBytes(model);
        Path file = Files.writeString(dir.resolve("plain.txt"), "not a directory");
        List<List<String>> bad = List.of(List.of("--out", file.resolve("m2.lethe").toString()),
                List.of("--receipt", file.resolve("r.json").toString()));
        for (List<String> output : bad) {
            List<String> args = new ArrayList<>(List.of("forget", "--model", model.toString(), "--record", "101", "--no-ledger"));
            args.addAll(output);
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.code()).as(output.toString()).isEqualTo(2);
            assertThat(r.err().strip()).as(output.toString()).doesNotContain("\n").contains("plain.txt")
                    .doesNotContain("Exception");
        }
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertNoTemporaryFiles();
    }

    @Test
    void aLedgerThatCannotBeAppendedToChangesNothing() throws IOException {
        Path home = dir.resolve("home");
        Ledger ledger = Ledger.open(home);
        Files.deleteIfExists(ledger.file()); // a new home starts with an empty ledger file:
        Files.createDirectories(ledger.file()); // a directory where the ledger file should be
        byte[] before = Files.readAllBytes(model);
        Path receipt = dir.resolve("r.json");
        CliRunner r = CliRunner.run("forget", "--model", model.toString(), "--record", "101", "--home", home.toString(),
                "--receipt", receipt.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("the ledger cannot be appended to");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertThat(Files.exists(receipt)).isFalse();
        assertNoTemporaryFiles();
    }

    @Test
    void aFailureAfterTheReceiptIsPlacedUndoesEverything() throws IOException {
        byte[] before = Files.readAllBytes(model);
        Path receipt = dir.resolve("r.json");
        Path earlier = dir.resolve("earlier.json");
        Files.writeString(earlier, "an earlier receipt");
        for (Path r : List.of(receipt, earlier)) {
            String was = Files.exists(r) ? Files.readString(r) : null;
            ForgetOutputs outputs = new ForgetOutputs(model, r, null);
            outputs.check();
            IllegalStateException failure = new IllegalStateException("the ledger append failed");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> outputs.commit(new byte[] {1, 2, 3}, "{}", () -> {
                throw failure;
            })).isSameAs(failure);
            assertThat(Files.readAllBytes(model)).isEqualTo(before);
            assertThat(Files.exists(r) ? Files.readString(r) : null).isEqualTo(was);
        }
        assertNoTemporaryFiles();
    }

    @Test
    void aModelPathThatIsASymbolicLinkIsFollowedAndTheLinkKept() throws IOException {
        Path real = Files.createDirectories(dir.resolve("models")).resolve("real.lethe");
        Files.move(model, real);
        Path link = Files.createSymbolicLink(dir.resolve("link.lethe"), Path.of("models", "real.lethe"));
        CliRunner r = CliRunner.run("forget", "--model", link.toString(), "--record", "101", "--no-ledger");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        // the file the link points to forgot the record
        CliRunner again = CliRunner.run("forget", "--model", real.toString(), "--record", "101", "--no-ledger");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already forgotten");
        // train --out through the link replaces the target as well
        assertThat(CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "pid", "--model", "test-prior",
                "--out", link.toString()).code()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(CliRunner.run("forget", "--model", real.toString(), "--record", "101", "--no-ledger").code()).isZero();
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }

}
