package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lethe train --model logistic} on raw mixed-scale data with default settings gives a model
 * whose removals are certified without a retrain, and {@code lethe forget} says so plainly when a
 * removal did force one.
 */
class LogisticCommandsTest {

    static final String CREDIT = "../data/credit-g.arff.gz";

    @TempDir
    Path dir;

    @Test
    void defaultsCertifyARemovalFromRawDataWithoutRetraining() {
        Path model = dir.resolve("credit.lethe");
        CliRunner t = CliRunner.run("train", "--data", CREDIT, "--label", "class", "--model", "logistic", "--out", model.toString());
        assertThat(t.code()).as(t.out() + t.err()).isZero();
        Path receipt = dir.resolve("receipt.json");
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "17", "--no-ledger",
                "--receipt", receipt.toString());
        assertThat(f.code()).as(f.out() + f.err()).isZero();
        assertThat(f.out()).contains("CERTIFIED(ε=1.0, δ=1.0E-5)").doesNotContain("retrained from scratch");
        String json = read(receipt);
        assertThat(json).contains("newton-step").contains("\"preparation\"").doesNotContain("retrained");
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRemovalThatForcedARetrainSaysSo() {
        // values as they are and the tight bound: a removal from raw credit data spends the budget at once
        Path model = dir.resolve("raw.lethe");
        CliRunner t = CliRunner.run("train", "--data", CREDIT, "--label", "class", "--model", "logistic", "--set", "prepare=none",
                "--set", "bound=tight", "--set", "lambda=1e-3", "--out", model.toString());
        assertThat(t.code()).as(t.out() + t.err()).isZero();
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "17", "--no-ledger");
        assertThat(f.code()).as(f.out() + f.err()).isZero();
        assertThat(f.out()).contains("retrained from scratch: budget exhausted");
    }
}
