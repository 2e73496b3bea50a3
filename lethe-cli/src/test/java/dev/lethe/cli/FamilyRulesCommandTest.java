package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules every model family keeps, through the command: a value whose square overflows is refused at
 * training (exit 2, one line naming column and record, nothing written); after {@code lethe forget
 * --subject}, a category value only that subject had is in no byte of the model file.
 */
class FamilyRulesCommandTest {

    private static final String CITY = "Zurich-Enge-7";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn", "forest", "ridge", "logistic", "sisa"})
    void trainingRefusesAndWritesNothing(String family) throws IOException {
        StringBuilder csv = new StringBuilder("id,x,size,y\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i).append(',').append(i % 7).append(',').append(i == 12 ? "1e200" : Integer.toString(i * 3))
                    .append(',').append(i % 7 > 2 ? "yes" : "no").append('\n');
        }
        Path data = dir.resolve("huge.csv");
        Files.writeString(data, csv);
        Path model = dir.resolve("m.lethe");
        CliRunner t = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "id", "--model", family,
                "--out", model.toString());
        assertThat(t.code()).as(t.err()).isEqualTo(2);
        List<String> errors = t.err().lines().filter(l -> l.startsWith("lethe:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("column 'size'").contains("record 12").contains("too large").doesNotContain("lambda");
        assertThat(t.err()).doesNotContain("Exception").doesNotContain("\tat ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("huge.csv"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn", "forest", "ridge", "logistic", "sisa"})
    void aForgottenSubjectsOnlyCityLeavesTheModelFile(String family) throws IOException {
        StringBuilder csv = new StringBuilder("id,person,x,city,y\n");
        String[] cities = {"Basel", "Bern", "Geneva"};
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(",p").append(i % 10).append(',').append(i % 9).append(',').append(cities[i % 3]).append(',')
                    .append((i % 9) + (i % 3) > 5 ? "yes" : "no").append('\n');
        }
        csv.append("40,rare,3,").append(CITY).append(",yes\n41,rare,4,").append(CITY).append(",no\n");
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv);
        Path model = dir.resolve("m.lethe");
        CliRunner t = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "id", "--subject", "person",
                "--model", family, "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(Files.readString(model, StandardCharsets.ISO_8859_1)).contains(CITY);

        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--subject", "rare", "--no-ledger",
                "--home", dir.resolve("home").toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(Files.readString(model, StandardCharsets.ISO_8859_1)).doesNotContain(CITY).doesNotContain("rare,");

        Path probe = dir.resolve("probe.csv");
        Files.writeString(probe, "id,person,x,city,y\n1,a,2,Bern,yes\n2,b,3," + CITY + ",no\n");
        CliRunner p = CliRunner.run("predict", "--model", model.toString(), "--data", probe.toString(), "--out",
                dir.resolve("p.csv").toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("line 3").contains("'" + CITY + "' is not one of the known values [Basel, Bern, Geneva]");
    }
}
