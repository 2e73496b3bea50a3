package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command on SISA models, with a neural network and a Tribuo learner as base, end to end. */
class SisaCommandsTest {

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void writeData() throws IOException {
        StringBuilder csv = new StringBuilder("pid,person,y,a,b,c\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 120; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            csv.append(100 + i).append(",\"p").append(i % 17).append("\",\"").append(a + b > 0 ? "yes" : "no")
                    .append("\",").append(a).append(',').append(b).append(",\"").append(i % 2 == 0 ? "u" : "v").append("\"\n");
        }
        data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
    }

    private Path train(String... settings) {
        Path model = dir.resolve("m.lethe");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--label", "y", "--id", "pid",
                "--subject", "person", "--model", "sisa", "--out", model.toString()));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        CliRunner t = CliRunner.run(args.toArray(String[]::new));
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("trained sisa on 120 rows");
        return model;
    }

    @Test
    void sisaOverAnMlpTrainsForgetsVerifiesPredictsAndEvaluates() throws IOException {
        Path model = train("base=mlp", "shards=4", "slices=2", "base.hidden=8", "base.epochs=2", "placement=subject");
        Path receipt = dir.resolve("r.json");
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--subject", "p3", "--receipt", receipt.toString());
        assertThat(f.code()).as(f.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(receipt.toFile());
        assertThat(json.get("guarantee").asText()).isEqualTo("EXACT");
        assertThat(json.toString()).contains("shards_retrained").contains("work_avoided");
        CliRunner g = CliRunner.run("forget", "--model", model.toString(), "--record", "101", "102");
        assertThat(g.code()).as(g.err()).isZero();
        CliRunner v = CliRunner.run("verify", "--model", model.toString(), "--data", data.toString());
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).startsWith("EXACT");
        Path out = dir.resolve("p.csv");
        CliRunner p = CliRunner.run("predict", "--model", model.toString(), "--data", data.toString(), "--out", out.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(121);
        CliRunner e = CliRunner.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("\"accuracy\":");
    }

    @Test
    void aStandaloneNetworkRefusesToForgetWithExit2() {
        Path model = dir.resolve("n.lethe");
        CliRunner t = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "pid", "--model", "mlp",
                "--set", "epochs=1", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "101");
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).contains("use sisa").doesNotContain("Exception");
    }

    @Test
    void benchForgetOverTribuoReportsSpeedupAndBothAccuracies() throws IOException {
        CliRunner b = CliRunner.run("bench", "forget", "--model", "sisa", "--data", data.toString(), "--label", "y", "--id", "pid",
                "--set", "base=tribuo", "--set", "shards=4", "--set", "base.trainer=logistic", "--forgets", "5", "--warmup", "1",
                "--refits", "1", "--holdout", "0.25", "--json");
        assertThat(b.code()).as(b.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(b.out());
        for (String key : List.of("model", "forget_p50_us", "refit_ms", "speedup", "accuracy", "accuracy_monolithic",
                "forget_total_ms", "refit_model")) {
            assertThat(json.has(key)).as(key + " in " + json).isTrue();
        }
        assertThat(json.get("refit_model").asText()).isEqualTo("tribuo");
        assertThat(json.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void unknownBaseFamiliesAreUsageErrors() {
        CliRunner t = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "sisa", "--set", "base=nope",
                "--out", dir.resolve("x.lethe").toString());
        assertThat(t.code()).isNotZero();
        assertThat(t.err()).contains("unknown model family 'nope'");
    }
}
