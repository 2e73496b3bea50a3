package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the commands read data files: {@code --missing} for predict and evaluate, {@code --encoding},
 * and rows without a subject (issue 11, section 7).
 */
class ReadingOptionsTest extends SmallModel {

    @Test
    void predictAndEvaluateTakeTheMissingOptionTheirMessageRecommends() throws IOException {
        Path gaps = dir.resolve("gaps.csv");
        Files.writeString(gaps, "pid,y,a,c\n7,\"yes\",NA,\"u\"\n8,\"no\",2.5,\"v\"\n9,\"yes\",3,\"u\"\n");
        for (String command : List.of("predict", "evaluate")) {
            CliRunner reject = CliRunner.run(command, "--model", model.toString(), "--data", gaps.toString());
            assertThat(reject.code()).as(command).isEqualTo(2);
            assertThat(reject.err()).contains("gaps.csv line 2 column 'a': missing value (use --missing drop or --missing impute)");
            CliRunner drop = CliRunner.run(command, "--model", model.toString(), "--data", gaps.toString(), "--missing", "drop");
            assertThat(drop.code()).as(command + ": " + drop.err()).isZero();
            assertThat(drop.err()).contains("dropped 1 rows with missing values");
            CliRunner impute = CliRunner.run(command, "--model", model.toString(), "--data", gaps.toString(), "--missing", "impute");
            assertThat(impute.code()).as(command).isEqualTo(2);
            assertThat(impute.err()).contains("line 2 column 'a': missing value, and the model recorded no imputation");
        }
        CliRunner p = CliRunner.run("predict", "--model", model.toString(), "--data", gaps.toString(), "--missing", "drop");
        assertThat(p.out().lines().map(l -> l.split(",")[0]).toList()).containsExactly("pid", "8", "9");

        // a model trained with imputation imputes at prediction by default, and --missing drop overrides it
        Path trainGaps = dir.resolve("train-gaps.csv");
        Files.writeString(trainGaps, Files.readString(data).replaceFirst("\n(\\d+,\"p\\d\",\"\\w+\"),[0-9.]+,", "\n$1,NA,"));
        Path imputing = dir.resolve("imputing.lethe");
        assertThat(CliRunner.run("train", "--data", trainGaps.toString(), "--label", "y", "--id", "pid", "--subject", "person",
                "--missing", "impute", "--model", "test-prior", "--out", imputing.toString()).code()).isZero();
        CliRunner imputed = CliRunner.run("evaluate", "--model", imputing.toString(), "--data", gaps.toString());
        assertThat(imputed.code()).as(imputed.err()).isZero();
        assertThat(imputed.err()).contains("imputed 1 missing values");
        CliRunner dropped = CliRunner.run("evaluate", "--model", imputing.toString(), "--data", gaps.toString(), "--missing", "drop");
        assertThat(dropped.err()).contains("dropped 1 rows").doesNotContain("imputed");
    }

    @Test
    void rowsWithoutASubjectAreCountedInAWarningOrRefused() throws IOException {
        Path holes = dir.resolve("holes.csv");
        Files.writeString(holes, Files.readString(data).replace(",\"p3\",", ",\"\",").replace(",\"p5\",", ",NA,"));
        long expected = Files.readAllLines(data).stream().filter(l -> l.contains("\"p3\"") || l.contains("\"p5\"")).count();
        Path out = dir.resolve("holes.lethe");
        List<String> train = List.of("train", "--data", holes.toString(), "--label", "y", "--id", "pid", "--subject", "person",
                "--model", "test-prior", "--out", out.toString(), "-q");
        CliRunner warned = CliRunner.run(train.toArray(String[]::new));
        assertThat(warned.code()).as(warned.err()).isZero();
        assertThat(warned.err()).contains("warning: ").contains(expected + " of 40 rows have an empty or NA subject in column 'person'");
        Files.delete(out);
        CliRunner refused = CliRunner.run(concat(train, "--require-subjects"));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains(expected + " of 40 rows have an empty or NA subject").contains("--require-subjects");
        assertThat(Files.exists(out)).isFalse();

        String home = dir.resolve("home").toString();
        List<String> importing = List.of("data", "import", "--home", home, "--name", "people", "--data", holes.toString(),
                "--label", "y", "--id", "pid", "--subject", "person");
        CliRunner refusedImport = CliRunner.run(concat(importing, "--require-subjects"));
        assertThat(refusedImport.code()).isEqualTo(2);
        assertThat(refusedImport.err()).contains(expected + " of 40 rows have an empty or NA subject");
        CliRunner imported = CliRunner.run(importing.toArray(String[]::new));
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("warning: " + holes + ": " + expected + " of 40 rows");
        assertThat(imported.out()).contains("imported people: 40 records");
    }

    @Test
    void theEncodingIsDeclaredOnTheCommandsThatReadData() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        StringBuilder csv = new StringBuilder("id,x,y\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i * 0.5).append(',').append(i % 2 == 0 ? "pé" : "pè").append('\n');
        }
        Files.write(latin1, csv.toString().getBytes(StandardCharsets.ISO_8859_1));
        Path m = dir.resolve("latin1.lethe");
        CliRunner wrong = CliRunner.run("train", "--data", latin1.toString(), "--label", "y", "--id", "id", "--model",
                "test-prior", "--out", m.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("latin1.csv line 2 column 8: the bytes 0xE9 are not valid UTF-8");
        assertThat(CliRunner.run("train", "--data", latin1.toString(), "--label", "y", "--id", "id", "--model", "test-prior",
                "--out", m.toString(), "--encoding", "ISO-8859-1").code()).isZero();
        // the model remembers the encoding: verify and evaluate read the same file without being told again
        CliRunner v = CliRunner.run("verify", "--model", m.toString(), "--data", latin1.toString());
        assertThat(v.code()).as(v.err()).isZero();
        CliRunner e = CliRunner.run("evaluate", "--model", m.toString(), "--data", latin1.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        Path utf8 = dir.resolve("utf8.csv");
        Files.writeString(utf8, csv.toString());
        CliRunner declared = CliRunner.run("evaluate", "--model", m.toString(), "--data", utf8.toString(), "--encoding", "UTF-8");
        assertThat(declared.code()).as(declared.err()).isZero();
        CliRunner unknown = CliRunner.run("evaluate", "--model", m.toString(), "--data", utf8.toString(), "--encoding", "nope");
        assertThat(unknown.code()).isEqualTo(2);
    }

    private static String[] concat(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }
}
