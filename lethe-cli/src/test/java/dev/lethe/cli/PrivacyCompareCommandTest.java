package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe privacy compare} end to end on a small CSV whose labels a forest can only memorise. */
class PrivacyCompareCommandTest {

    @TempDir
    Path dir;

    private Path data() throws IOException {
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("age,sex,x1,x2,y\n");
        for (int i = 0; i < 200; i++) {
            csv.append(20 + r.nextInt(40)).append(',').append(r.nextBoolean() ? "f" : "m").append(',').append(r.nextGaussian())
                    .append(',').append(r.nextGaussian()).append(',').append(r.nextBoolean() ? "yes" : "no").append('\n');
        }
        Path f = dir.resolve("people.csv");
        Files.writeString(f, csv.toString());
        return f;
    }

    private CliRunner compare(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("privacy", "compare", "--data", data.toString(), "--label", "y", "--model", "forest",
                "--set", "trees=10", "--k", "5", "--epsilon", "1,8", "--seeds", "3", "--shadows", "4", "--audited", "30",
                "--threads", "2", "--out", out.toString(), "-q"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void writesOneReportWithEveryConfigurationAndPrintsJson() throws IOException {
        Path out = dir.resolve("report.html");
        CliRunner r = compare(data(), out, "--quasi", "age,sex", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out);
        for (String row : List.of("raw forest", "k-anonymous, k = 5", "dp-logistic, ε = 1", "dp-logistic, ε = 8",
                "exact unlearning of the audited records")) {
            assertThat(html).contains("<td class=\"l\">" + row + "</td>");
        }
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("configurations")).hasSize(5);
        assertThat(r.err()).as("--quiet").doesNotContain("configuration");
        JsonNode dp = json.get("configurations").get(2);
        assertThat(dp.get("epsilon").asDouble()).isEqualTo(1.0);
        assertThat(dp.get("trials")).hasSize(3);
        assertThat(dp.get("trials").get(0).get("guarantee").get("dp.epsilon").asDouble()).isBetween(0.95, 1.0);
    }

    /**
     * Networks: a raw {@code mlp} against DP-SGD {@code dp-mlp} rows. The DP settings reach the trainer (the
     * sampling rate is batch / training rows, the steps ⌈epochs / rate⌉), and the network, which cannot
     * forget by itself, is retrained without the audited records and the row says so.
     */
    @Test
    void comparesANetworkWithDpSgdNetworks() throws IOException {
        Path out = dir.resolve("network.html");
        CliRunner r = CliRunner.run("privacy", "compare", "--data", data().toString(), "--label", "y", "--model", "mlp", "--set",
                "epochs=2", "--quasi", "age,sex", "--k", "5", "--epsilon", "3", "--dp-model", "dp-mlp", "--dp-set", "batch=20",
                "--dp-set", "epochs=2", "--dp-set", "hidden=8", "--seeds", "1", "--shadows", "2", "--audited", "20", "--threads", "2",
                "--out", out.toString(), "--json", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode configurations = new ObjectMapper().readTree(r.out()).get("configurations");
        assertThat(configurations).extracting(c -> c.get("name").asText()).containsExactly("raw mlp", "k-anonymous, k = 5",
                "dp-mlp, ε = 3", "exact unlearning of the audited records");
        JsonNode dp = configurations.get(2).get("trials").get(0).get("guarantee");
        assertThat(dp.get("dp.samplingRate").asDouble()).isEqualTo(0.2);
        assertThat(dp.get("dp.steps").asInt()).isEqualTo(10);
        assertThat(dp.get("dp.epsilon").asDouble()).isBetween(2.85, 3.0);
        JsonNode forget = configurations.get(3).get("trials").get(0).get("guarantee");
        assertThat(forget.get("forget.guarantee").asText()).isEqualTo("refused");
        assertThat(forget.get("forget.note").asText()).contains("mlp cannot forget by itself").endsWith("retrained without them");
        assertThat(Files.readString(out)).contains("<td class=\"l\">dp-mlp, ε = 3</td>").contains("retrained without them");
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path data = data();
        Path out = dir.resolve("report.html");
        expectRefused(compare(data, out, "--quasi", "age,sex", "--k", "500"), "--k 500 is larger than the data allows");
        expectRefused(compare(data, out, "--quasi", "age,postcode"), "no column 'postcode'");
        expectRefused(compare(data, out, "--quasi", "age", "--epsilon", "0"), "--epsilon must be positive and finite, got 0.0");
        expectRefused(compare(data, out), "--quasi COL,… is required");
        expectRefused(compare(dir, out, "--quasi", "pixel1"), "--quasi: k-anonymity generalises quasi-identifiers");
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("people.csv");
        }
    }

    private static void expectRefused(CliRunner r, String message) {
        assertThat(r.code()).as(r.out()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void printsAProgressLinePerPhaseOnStandardError() throws IOException {
        CliRunner r = CliRunner.run("privacy", "compare", "--data", data().toString(), "--label", "y", "--model", "nb",
                "--k", "5", "--quasi", "age,sex", "--epsilon", "8", "--seeds", "2", "--shadows", "2", "--audited", "20",
                "--threads", "2", "--out", dir.resolve("p.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("comparing on people.csv",
                "configuration 1 of 4, seed 1 of 2 (1): raw nb: training the model… done in",
                "configuration 1 of 4, seed 1 of 2 (1): raw nb: training 2 shadow models… done in",
                "configuration 4 of 4, seed 2 of 2 (2): exact unlearning of the audited records: attacking with LiRA… done in");
        assertThat(r.out()).contains("medians of 2 seeds");
    }
}
