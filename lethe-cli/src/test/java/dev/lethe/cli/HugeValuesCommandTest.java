package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `lethe train` on a column with a value whose square overflows: exit 2, one line naming column and record, nothing written. */
class HugeValuesCommandTest {

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
}
