package dev.lethe.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("not a Lethe lake dataset").contains("--format: expected delta, parquet or csv, got 'orc'")
                .contains("--override-retention-check").doesNotContain("internal error");
    }
}
