package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ModelFamilies;
import dev.lethe.testing.RepositoryData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo (its table on a small real dataset with every family on the class path, then its forget
 * workflow on a small CSV with subjects) and the benchmark command.
 */
class DemoAndBenchTest {

    static final String PIMA = RepositoryData.path("mlbench_PimaIndiansDiabetes.csv.gz").toString();

    @TempDir
    Path dir;

    /** A small CSV whose rows belong to 24 subjects (5 rows each), with label y. */
    Path subjectsCsv() throws IOException {
        StringBuilder csv = new StringBuilder("person,y,a,b,c\n");
        for (int i = 0; i < 120; i++) {
            csv.append("p").append(i % 24).append(',').append((i * 7) % 3 == 0 ? "yes" : "no").append(',').append(i * 0.25)
                    .append(',').append((i * 13) % 7).append(',').append(i % 2 == 0 ? "\"x\"" : "\"z\"").append('\n');
        }
        Path data = dir.resolve("people.csv");
        Files.writeString(data, csv.toString());
        return data;
    }

    @Test
    void theDemoRunsEveryFamilyThenTheWholeForgetWorkflow() throws IOException {
        Path home = dir.resolve("home");
        CliRunner r = CliRunner.run("demo", "--data", PIMA, "--label", "diabetes", "--fraction", "0.05",
                "--workflow-data", subjectsCsv().toString(), "--workflow-label", "y", "--subject", "person",
                "--home", home.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        // part 1: the table
        for (String family : DemoCommand.PREFERRED) {
            if (ModelFamilies.names().contains(family)) {
                assertThat(r.out()).containsPattern("(?m)^" + family + "\\s+(EXACT|CERTIFIED|APPROXIMATE)");
            }
        }
        assertThat(r.out()).contains("forgetting 31 records").contains("Every EXACT model matches its retrained twin");
        // part 2: import with subjects, train several families, submit, process, receipts, ledger
        String out = r.out();
        assertThat(out).contains("imported people: 120 records (IDs 1–120) of 24 subjects; subjects from column 'person'");
        for (String family : DemoCommand.WORKFLOW_FAMILIES.keySet()) {
            assertThat(out).containsPattern("(?m)^trained " + family + " +on 96 records");
            // every known subject's receipt names each model's new version
            assertThat(out).containsPattern("(?m)^    " + family + " +→ v\\d+ +\\d+ records forgotten +EXACT");
        }
        assertThat(out).contains("submitted DEMO-5: forget subject 'no-such-subject' (0 records)")
                .contains("submitted DEMO-1 again: already stored, nothing changes")
                .contains("worker: completed 5 requests")
                .containsPattern("(?m)^DEMO-5 +subject hmac-sha256:[0-9a-f]{32} +empty receipt")
                .contains("check: none of the 20 forgotten records is stored or in any model version's lineage")
                .contains("hash chain and Ed25519 signatures verified; 5 entries for 5 requests")
                .contains("Every request completed, once, and nothing forgotten remains.");
        for (int k = 1; k <= 4; k++) {
            assertThat(out).containsPattern("(?m)^DEMO-" + k + " +subject hmac-sha256:[0-9a-f]{32} +5 records erased from \\[people\\]");
        }
        // part 3: the same home served, one OpenDSR erasure end to end with verified signatures
        assertThat(out).contains("== Part 3: the same home as a service")
                .containsPattern("(?m)^POST /requests \\(erasure of subject 'p\\d+'\\): 201, expected completion \\S+Z, signature verified$")
                .containsPattern("(?m)^GET /requests/[0-9a-f-]{36}: completed, signature verified$")
                .containsPattern("(?m)^  forest +v\\d+ forgot \\d+ record\\(s\\), EXACT, ledger entry \\d+ ")
                .contains("The OpenDSR request completed; every answer's signature verified with the discovered certificate.");
        // the home is kept when given: its ledger holds one entry per request and verifies
        Ledger ledger = Ledger.open(home);
        assertThat(ledger.verify().valid()).isTrue();
        assertThat(ledger.entries()).extracting(LedgerEntry::requestId).hasSize(6)
                .contains("DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4", "DEMO-5");
        CliRunner models = CliRunner.run("models", "--home", home.toString());
        assertThat(models.out()).contains("forest").containsPattern("current version [23]");
    }

    @Test
    void theDemoNeedsAFreshHomeAndSubjectsForItsWorkflow() throws IOException {
        Path home = Files.createDirectories(dir.resolve("used"));
        Files.writeString(home.resolve("something"), "x");
        CliRunner r = CliRunner.run("demo", "--skip-table", "--workflow-data", subjectsCsv().toString(), "--workflow-label", "y",
                "--subject", "person", "--home", home.toString());
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("not empty; the demo needs a fresh Lethe home");
        r = CliRunner.run("demo", "--skip-table", "--workflow-data", PIMA, "--workflow-label", "diabetes", "--subject", "nope");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("nope");
        r = CliRunner.run("demo", "--skip-table", "--requests", "1");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("--requests must be at least 2");
    }

    @Test
    void theWorkflowPartAloneRemovesItsTemporaryHome() throws IOException {
        CliRunner r = CliRunner.run("demo", "--skip-table", "--workflow-data", subjectsCsv().toString(), "--workflow-label", "y",
                "--subject", "person", "--workflow-model", "nb", "--requests", "3");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("Part 1").contains("worker: completed 3 requests")
                .contains("3 entries for 3 requests").contains("the temporary Lethe home was removed");
        String home = r.out().lines().filter(l -> l.startsWith("Lethe home ")).findFirst().orElseThrow().split(" ")[2];
        assertThat(Path.of(home)).doesNotExist();
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
    void benchPreparesTheFeaturesAndKeepsTheChosenClasses() throws Exception {
        CliRunner r = CliRunner.run("bench", "forget", "--data", PIMA, "--label", "diabetes", "--model", "logistic",
                "--classes", "pos,neg", "--prepare", "log1p-standardise,unit-rows", "--holdout", "0.25",
                "--set", "bound=fast", "--forgets", "30", "--warmup", "10", "--refits", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out().strip());
        assertThat(json.get("rows").asInt()).isEqualTo(576); // 768 less the quarter held out
        assertThat(json.get("accuracy").asDouble()).isBetween(0.6, 1.0);

        CliRunner unknown = CliRunner.run("bench", "forget", "--data", PIMA, "--label", "diabetes", "--model", "nb",
                "--prepare", "whiten", "--forgets", "5");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown step 'whiten'");
        CliRunner badClass = CliRunner.run("bench", "forget", "--data", PIMA, "--label", "diabetes", "--model", "nb",
                "--classes", "pos,maybe", "--forgets", "5");
        assertThat(badClass.code()).isEqualTo(2);
        assertThat(badClass.err()).contains("unknown class 'maybe'");
    }

    @Test
    void benchRefusesMoreForgetsThanRows() {
        CliRunner r = CliRunner.run("bench", "forget", "--data", PIMA, "--label", "diabetes", "--model", "nb",
                "--forgets", "800", "--warmup", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the data has 768 rows");
    }
}
