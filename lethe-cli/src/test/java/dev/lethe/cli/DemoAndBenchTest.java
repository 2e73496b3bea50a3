package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.model.ModelFamilies;
import org.junit.jupiter.api.Test;

/** The demo and the benchmark command on a small real dataset, with every family on the class path. */
class DemoAndBenchTest {

    static final String PIMA = "../data/mlbench_PimaIndiansDiabetes.csv.gz";

    @Test
    void theDemoRunsEveryFamilyAndFindsEachExactModelEqualToRetraining() {
        CliRunner r = CliRunner.run("demo", "--data", PIMA, "--label", "diabetes", "--fraction", "0.05");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        for (String family : DemoCommand.PREFERRED) {
            if (ModelFamilies.names().contains(family)) {
                assertThat(r.out()).containsPattern("(?m)^" + family + "\\s+(EXACT|CERTIFIED|APPROXIMATE)");
            }
        }
        assertThat(r.out()).contains("forgetting 31 records").contains("Every EXACT model matches its retrained twin");
    }

    @Test
    void benchPrintsOneJsonObjectPerModelWithTheDocumentedKeys() throws Exception {
        CliRunner r = CliRunner.run("bench", "forget", "--data", PIMA, "--label", "diabetes", "--model", "nb,knn",
                "--forgets", "50", "--warmup", "20", "--refits", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode json = Json.MAPPER.readTree(line);
            for (String key : new String[] {"model", "rows", "forget_p50_us", "forget_p99_us", "refit_ms", "speedup"}) {
                assertThat(json.has(key)).as(key).isTrue();
            }
            assertThat(json.get("rows").asInt()).isEqualTo(768);
            assertThat(json.get("forget_p50_us").asDouble()).isPositive();
            assertThat(json.get("forget_p99_us").asDouble()).isGreaterThanOrEqualTo(json.get("forget_p50_us").asDouble());
        }
    }

    @Test
    void benchRefusesMoreForgetsThanRows() {
        CliRunner r = CliRunner.run("bench", "forget", "--data", PIMA, "--label", "diabetes", "--model", "nb",
                "--forgets", "800", "--warmup", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the data has 768 rows");
    }
}
