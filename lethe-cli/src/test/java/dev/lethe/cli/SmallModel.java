package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI tests' fixture: a 40-row CSV (record IDs 100–139 in {@code pid}, subjects {@code p0}–{@code p6}
 * in {@code person}, label {@code y}, a number {@code a} and a category {@code c}) and a
 * {@code test-prior} model trained on it with {@code lethe train}, fresh in a temporary folder for each test.
 */
abstract class SmallModel {

    @TempDir
    Path dir;
    Path data;
    Path model;

    @BeforeEach
    void trainAModel() throws IOException {
        StringBuilder csv = new StringBuilder("pid,person,y,a,c\n");
        for (int i = 0; i < 40; i++) {
            csv.append(100 + i).append(",\"p").append(i % 7).append("\",\"").append(i % 3 == 0 ? "yes" : "no")
                    .append("\",").append(i * 0.5).append(",\"").append(i % 2 == 0 ? "u" : "v").append("\"\n");
        }
        data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        model = dir.resolve("m.lethe");
        CliRunner r = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "pid", "--subject", "person",
                "--model", "test-prior", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trained test-prior on 40 rows");
    }
}
