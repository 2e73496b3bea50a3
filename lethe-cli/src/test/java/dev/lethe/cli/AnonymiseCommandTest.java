package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.CsvReader;
import dev.lethe.data.TextTable;
import dev.lethe.privacy.anonymise.AnonymityChecker;
import dev.lethe.privacy.anonymise.Diversity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe anonymise} and {@code lethe risk} end to end on a small CSV. */
class AnonymiseCommandTest {

    @TempDir
    Path dir;

    private Path data() throws IOException {
        Random r = new Random(5);
        String[] cities = {"Oslo", "Bergen", "Lyon", "Nice"};
        StringBuilder csv = new StringBuilder("name,age,city,disease\n");
        for (int i = 0; i < 400; i++) {
            csv.append("person").append(i).append(',').append(20 + r.nextInt(50)).append(',').append(cities[r.nextInt(4)])
                    .append(',').append("d").append(r.nextInt(3)).append('\n');
        }
        Path f = dir.resolve("people.csv");
        Files.writeString(f, csv.toString());
        Files.writeString(dir.resolve("cities.csv"), "Oslo,Norway\nBergen,Norway\nLyon,France\nNice,France\n");
        return f;
    }

    /** Runs anonymise with default options; {@code extra} flag/value pairs replace a default or add a flag. */
    private CliRunner anonymise(Path data, Path out, String... extra) {
        java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
        flags.put("--data", data.toString());
        flags.put("--quasi", "age,city");
        flags.put("--sensitive", "disease");
        flags.put("--k", "10");
        flags.put("--l", "2");
        flags.put("--hierarchy", "city=" + dir.resolve("cities.csv"));
        flags.put("--pseudonymise", "name");
        flags.put("--home", dir.toString());
        flags.put("--out", out.toString());
        java.util.List<String> args = new java.util.ArrayList<>(List.of("anonymise"));
        for (int i = 0; i < extra.length; i++) {
            if (extra[i].equals("--rotate-key")) {
                args.add(extra[i]);
            } else {
                flags.put(extra[i], extra[++i]);
            }
        }
        flags.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void writesACheckedKAnonymousFileWithStablePseudonymsUntilRotation() throws IOException {
        Path data = data();
        Path out = dir.resolve("anon.csv");
        CliRunner r = anonymise(data, out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("check: every class has ≥ 10 rows and ≥ 2 distinct values of disease: PASS")
                .contains("NCP").contains("discernibility").contains("with key 1");
        TextTable t = CsvReader.readText(out, StandardCharsets.UTF_8);
        assertThat(AnonymityChecker.check(t, List.of("age", "city"), "disease", 10, 2, Diversity.DISTINCT).holds()).isTrue();
        String first = t.rows().get(0)[0];
        assertThat(first).startsWith("k1-");
        assertThat(Files.readString(out)).doesNotContain("person0,");

        anonymise(data, dir.resolve("again.csv"));
        assertThat(CsvReader.readText(dir.resolve("again.csv"), StandardCharsets.UTF_8).rows().get(0)[0]).isEqualTo(first);
        CliRunner rotated = anonymise(data, dir.resolve("rotated.csv"), "--rotate-key");
        assertThat(rotated.out()).contains("rotated");
        assertThat(CsvReader.readText(dir.resolve("rotated.csv"), StandardCharsets.UTF_8).rows().get(0)[0]).startsWith("k2-");

        CliRunner risk = CliRunner.run("risk", "--data", out.toString(), "--quasi", "age,city");
        assertThat(risk.code()).as(risk.err()).isZero();
        assertThat(risk.out()).contains("highest risk 0.1000").contains("sample uniqueness: 0.0000");
        CliRunner rawRisk = CliRunner.run("risk", "--data", data.toString(), "--quasi", "age,city", "--population", data.toString());
        assertThat(rawRisk.out()).contains("prosecutor").contains("journalist").contains("marketer");
    }

    @Test
    void badInputIsAOneLineErrorAndWritesNothing() throws IOException {
        Path data = data();
        Files.writeString(dir.resolve("partial.csv"), "Oslo,Norway\nBergen,Norway\n");
        Path out = dir.resolve("anon.csv");
        String[][] cases = {
                {"--k", "401"},
                {"--quasi", "age,zip"},
                {"--hierarchy", "city=" + dir.resolve("partial.csv")},
                {"--l", "4"},
                {"--suppress", "2"},
        };
        String[] expected = {"--k 401 is larger than the data's 400 rows", "zip", "is not in the hierarchy", "lower --l", "--suppress"};
        for (int i = 0; i < cases.length; i++) {
            CliRunner r = anonymise(data, out, cases[i]);
            assertThat(r.code()).as(String.join(" ", cases[i]) + r.err()).isEqualTo(Main.USER_ERROR);
            assertThat(r.err()).contains(expected[i]);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
            assertThat(out).doesNotExist();
        }
        assertThat(dir.resolve("pseudonym-keys")).doesNotExist();
    }
}
