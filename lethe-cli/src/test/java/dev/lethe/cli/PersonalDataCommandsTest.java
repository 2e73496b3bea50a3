package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe data scan / import / show / tag}: personal data per column, kept with the dataset. */
class PersonalDataCommandsTest {

    @TempDir
    Path dir;

    private Path people() throws Exception {
        Path data = dir.resolve("people.csv");
        StringBuilder b = new StringBuilder("person,email,phone,religion,visits,y\n");
        String[] religions = {"Christian", "Muslim", "Jewish", "Hindu"};
        for (int i = 0; i < 40; i++) {
            b.append("p").append(i).append(",user").append(i).append("@example.org,+44 20 7946 0").append(100 + i).append(',')
                    .append(religions[i % 4]).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        Files.writeString(data, b.toString());
        return data;
    }

    @Test
    void scanNeedsNoHomeAndPrintsTypesEvidenceAndJson() throws Exception {
        Path data = people();
        CliRunner r = CliRunner.run("data", "scan", "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("email").contains("40/40 values matched, name hint 'email'").contains("phone (0.")
                .contains("religion (0.").contains("special");
        assertThat(Files.exists(dir.resolve("lethe-home"))).isFalse();

        r = CliRunner.run("data", "scan", "--data", data.toString(), "--json");
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("columns").get(1).get("types").get(0).get("type").asText()).isEqualTo("email");
        assertThat(json.get("columns").get(4).get("types")).isEmpty();
        assertThat(r.out()).doesNotContain("user3@example.org").as("evidence holds counts, never values");
    }

    @Test
    void importStoresTheScanShowShowsItAndTagOverridesIt() throws Exception {
        Path data = people();
        String home = dir.resolve("home").toString();
        CliRunner r = CliRunner.run("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y",
                "--subject", "person");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("personal data: ").contains("email email").contains("religion religion");

        r = CliRunner.run("data", "show", "people", "--home", home);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("40 records imported, 40 held").contains("religion (0.");
        assertThat(r.out()).doesNotContain("visits ");

        r = CliRunner.run("data", "tag", "people", "--home", home, "--column", "visits", "--type", "health");
        assertThat(r.code()).as(r.err()).isZero();
        r = CliRunner.run("data", "tag", "people", "--home", home, "--column", "religion", "--type", "none");
        assertThat(r.code()).as(r.err()).isZero();
        r = CliRunner.run("data", "show", "people", "--home", home, "--json");
        JsonNode cols = Json.MAPPER.readTree(r.out()).get("personal_data").get("columns");
        JsonNode visits = null;
        JsonNode religion = null;
        for (JsonNode c : cols) {
            visits = c.get("column").asText().equals("visits") ? c : visits;
            religion = c.get("column").asText().equals("religion") ? c : religion;
        }
        assertThat(visits.get("confirmed").asBoolean()).isTrue();
        assertThat(visits.get("types").get(0).get("type").asText()).isEqualTo("health");
        assertThat(religion.get("types")).isEmpty();

        r = CliRunner.run("data", "tag", "people", "--home", home, "--column", "nope", "--type", "email");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("has no column 'nope'");
        r = CliRunner.run("data", "tag", "people", "--home", home, "--column", "visits", "--type", "shoe-size");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("unknown personal data type 'shoe-size'");
    }

    @Test
    void scanOfAMissingFileNamesIt() {
        CliRunner r = CliRunner.run("data", "scan", "--data", dir.resolve("nope.csv").toString());
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("nope.csv");
    }

    @Test
    void scanOfCodeUsesTheRegistrysTagsAndClosesTheGapOnceAModelIsRegistered() throws Exception {
        Path data = people();
        String home = dir.resolve("home").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y",
                "--subject", "person").code()).isZero();
        Path code = Files.createDirectories(dir.resolve("project"));
        Files.writeString(code.resolve("train.py"), "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
                + "df = pd.read_csv('data/people.csv')\nX = df[['religion', 'visits']]\nLogisticRegression().fit(X, df['y'])\n");
        CliRunner r = CliRunner.run("scan", code.toString(), "--home", home, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode site = Json.MAPPER.readTree(r.out()).get("sites").get(0);
        assertThat(site.get("line").asInt()).isEqualTo(5);
        assertThat(site.get("registered").asBoolean()).as("no model is trained on the dataset yet").isFalse();
        assertThat(site.get("fields").get(0).get("types").get(0).asText()).isEqualTo("religion");
        assertThat(site.get("fields").get(0).get("evidence").asText()).isEqualTo("registry: dataset people");

        assertThat(CliRunner.run("model", "train", "--home", home, "--name", "m", "--dataset", "people", "--model", "test-prior")
                .code()).isZero();
        r = CliRunner.run("scan", code.toString(), "--home", home, "--sarif");
        JsonNode result = Json.MAPPER.readTree(r.out()).get("runs").get(0).get("results").get(0);
        assertThat(result.get("ruleId").asText()).isEqualTo("LETHE002");
        assertThat(result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(5);

        r = CliRunner.run("scan", code.toString(), "--json", "--sarif");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
    }

    @Test
    void inventoryShowsPersonalDataPerModelSubjectsHeldAfterForgetsAndGaps() throws Exception {
        Path data = people();
        String home = dir.resolve("home").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y",
                "--subject", "person", "--drop", "phone").code()).isZero();
        assertThat(CliRunner.run("model", "train", "--home", home, "--name", "m", "--dataset", "people", "--model", "test-prior")
                .code()).isZero();
        Path anon = dir.resolve("anon.csv");
        Files.writeString(anon, Files.readString(data).replace("person,", "ref,"));
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "anon", "--data", anon.toString(), "--label", "y")
                .code()).isZero();
        assertThat(CliRunner.run("model", "train", "--home", home, "--name", "legacy", "--dataset", "anon", "--model", "test-prior")
                .code()).isZero();
        assertThat(CliRunner.run("request", "forget", "--home", home, "--subject", "p1").code()).isZero();
        CliRunner w = CliRunner.run("worker", "--home", home, "--once", "--no-ledger");
        assertThat(w.code()).as(w.err()).isZero();

        CliRunner r = CliRunner.run("inventory", "--home", home, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode inv = Json.MAPPER.readTree(r.out());
        JsonNode current = null;
        JsonNode legacy = null;
        for (JsonNode m : inv.get("models")) {
            current = m.get("model").asText().equals("m") ? m : current;
            legacy = m.get("model").asText().equals("legacy") ? m : legacy;
        }
        assertThat(current.get("subjects_held").asInt()).as("40 people, one forgotten").isEqualTo(39);
        assertThat(current.get("personal_data").has("email")).isTrue();
        assertThat(current.get("personal_data").has("phone")).as("dropped before training").isFalse();
        assertThat(current.get("dropped_personal_data").get("phone").get(0).asText()).isEqualTo("phone");
        assertThat(current.get("special_categories").get(0).asText()).isEqualTo("religion");
        assertThat(current.get("gap").asBoolean()).isFalse();
        assertThat(legacy.get("gap").asBoolean()).isTrue();
        JsonNode request = inv.get("requests").get(0);
        assertThat(request.get("reached").toString()).contains("m v");
        assertThat(request.get("could_hold").get(0).asText()).isEqualTo("legacy");
        assertThat(r.out()).doesNotContain("\"p1\"").as("no subject ID in the inventory");

        r = CliRunner.run("inventory", "--home", home, "--cyclonedx");
        assertThat(new org.cyclonedx.parsers.JsonParser().validate(r.out(), org.cyclonedx.Version.VERSION_16)).isEmpty();
        r = CliRunner.run("inventory", "--home", home, "--html");
        assertThat(r.out()).startsWith("<!DOCTYPE html>").contains("legacy");
    }

    @Test
    void theRealCommandLineFlushesWhatItPrints() throws Exception {
        Path data = people();
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, false, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("data", "scan", "--data", data.toString())).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("religion (0.");
    }
}
