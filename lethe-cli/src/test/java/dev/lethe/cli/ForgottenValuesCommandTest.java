package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** After `lethe forget --subject`, a city only that subject's rows had is in no byte of the model file. */
class ForgottenValuesCommandTest {

    private static final String CITY = "Zurich-Enge-7";

    @TempDir
    Path dir;

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
