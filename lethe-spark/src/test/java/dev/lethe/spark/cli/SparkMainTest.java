package dev.lethe.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.engine.Catalog;
import dev.lethe.spark.TestSpark;
import dev.lethe.store.LetheHome;
import dev.lethe.testing.RandomData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkMainTest {

    @TempDir
    Path dir;

    @Test
    void badInputExitsWithTwoAndAOneLineMessage() {
        TestSpark.session();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(SparkMain.run("erase", "--master", "local[2,2]", "--table", dir.resolve("none").toString(),
                    "--records", "1")).isEqualTo(2);
            assertThat(SparkMain.run("import", "--master", "local[2,2]", "--table", "x.csv", "--format", "orc",
                    "--subject", "s")).isEqualTo(2);
            assertThat(SparkMain.run("erase", "--master", "local[2,2]", "--table", dir.toString(), "--records", "1",
                    "--vacuum-retention-hours", "0")).isEqualTo(2);
            assertThat(SparkMain.run("import", "--master", "local[2,2]", "--table", dir.resolve("missing.csv").toString(),
                    "--format", "csv", "--subject", "s", "--into", dir.resolve("t").toString())).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("not a Lethe lake dataset").contains("--format: expected delta, parquet or csv, got 'orc'")
                .contains("--override-retention-check").contains("missing.csv': cannot read it as csv")
                .doesNotContain("internal error");
    }

    @Test
    void trainKeepsASisaModelsShardsAsFilesUnderTheBaseUriAndRefusesABadOne() throws Exception {
        TestSpark.session();
        Path home = dir.resolve("home");
        Path shards = dir.resolve("shards");
        Ledger.initialiseIfNew(home);
        try (LetheHome h = LetheHome.open(home)) {
            new Catalog(h.registry()).importDataset("people", RandomData.classification(3, 60, 2, 1, 2), Map.of());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] train = {"train", "--master", "local[2,2]", "--home", home.toString(), "--dataset", "people",
                    "--family", "sisa", "--set", "base=nb", "--set", "shards=3"};
            assertThat(SparkMain.run(concat(train, "--name", "m", "--shards-at", shards.toUri().toString()))).isEqualTo(0);
            Path file = Files.writeString(dir.resolve("plain-file"), "x");
            assertThat(SparkMain.run(concat(train, "--name", "n", "--shards-at", file.toUri() + "/below"))).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        try (Stream<Path> files = Files.list(shards.resolve("m"))) {
            assertThat(files.filter(p -> p.getFileName().toString().matches("shard-\\d-[0-9a-f]{64}\\.lethe"))).hasSize(3);
        }
        try (LetheHome h = LetheHome.open(home)) {
            assertThat(h.registry().models().find("n")).isEmpty();
            assertThat(new Catalog(h.registry()).load("m").provenance().settings()).containsKey("shardsAt");
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.strip()).startsWith("lethe spark: --shards-at: cannot write shard files under").contains("below")
                .doesNotContain("\n");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
