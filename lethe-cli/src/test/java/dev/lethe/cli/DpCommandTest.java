package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe dp query|budget} end to end: releases, the budget in the registry and the ledger, refusal, bad input. */
class DpCommandTest {

    @TempDir
    Path dir;

    private Path data() throws IOException {
        StringBuilder csv = new StringBuilder("person,y,age,city\n");
        for (int i = 0; i < 300; i++) {
            csv.append("p").append(i % 100).append(',').append(i % 2 == 0 ? "yes" : "no").append(',').append(20 + i % 50)
                    .append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        return data;
    }

    @Test
    void aQueryIsChargedToTheBudgetAndOneBeyondItIsRefusedWithNothingReleased() throws IOException {
        Path data = data();
        String home = dir.resolve("home").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "people", "--data", data.toString(), "--label", "y",
                "--subject", "person").code()).isZero();
        assertThat(CliRunner.run("dp", "budget", "--home", home, "--dataset", "people", "--epsilon", "1").out())
                .contains("budget ε = 1.0").contains("spent ε = 0");

        CliRunner r = CliRunner.run("dp", "query", "--home", home, "--dataset", "people", "--data", data.toString(),
                "--subject", "person", "--query", "mean(age)", "--bounds", "0,100", "--epsilon", "0.6", "--max-rows-per-subject", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mean(age)").contains("95% interval").contains("spent ε = 0.6")
                .contains("spent ε = 0.6 of 1.0").contains("at most 3 rows each");

        CliRunner refused = CliRunner.run("dp", "query", "--home", home, "--dataset", "people", "--data", data.toString(),
                "--subject", "person", "--query", "count", "--epsilon", "0.6");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("only ε = 0.4");
        assertThat(refused.out()).isEmpty();

        List<LedgerEntry> entries = Ledger.open(dir.resolve("home")).entries();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).requestKind()).isEqualTo("dp-spend");
        assertThat(entries.get(0).details()).containsEntry("epsilon", "0.6").containsEntry("dataset", "people");
        assertThat(Ledger.open(dir.resolve("home")).verify().valid()).isTrue();
        assertThat(CliRunner.run("dp", "budget", "--home", home, "--dataset", "people").out()).contains("in 1 release");
    }

    @Test
    void groupsAndQuantilesWithoutAHome() throws IOException {
        Path data = data();
        CliRunner r = CliRunner.run("dp", "query", "--data", data.toString(), "--subject", "person", "--query", "count",
                "--by", "city", "--epsilon", "2", "--delta", "1e-6");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("'Oslo'").contains("'Bergen'").contains("2 groups released").contains("δ = 1.0E-6");
        r = CliRunner.run("dp", "query", "--data", data.toString(), "--subject", "person", "--query", "quantile(age,0.5)",
                "--bounds", "0,100", "--epsilon", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rows lie between");
    }

    @Test
    void badInputIsAOneLineErrorAndWritesNothing() throws IOException {
        Path data = data();
        String home = dir.resolve("nohome").toString();
        String[][] cases = {
                {"--epsilon", "0", "--query", "count"},
                {"--epsilon", "-1", "--query", "count"},
                {"--epsilon", "1", "--query", "sum(age)", "--bounds", "10,1"},
                {"--epsilon", "1", "--query", "sum(age)"},
                {"--epsilon", "1", "--query", "sum(weight)", "--bounds", "0,1"},
                {"--epsilon", "1", "--query", "count", "--dataset", "people", "--home", home},
        };
        String[] expected = {"--epsilon", "--epsilon", "L ≤ U", "--bounds", "weight", "no Lethe home"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 7];
            args[0] = "dp";
            args[1] = "query";
            args[2] = "--data";
            args[3] = data.toString();
            args[4] = "--subject";
            args[5] = "person";
            args[6] = "--max-rows-per-subject=1";
            System.arraycopy(cases[i], 0, args, 7, cases[i].length);
            CliRunner r = CliRunner.run(args);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(Main.USER_ERROR);
            assertThat(r.err()).contains(expected[i]);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        assertThat(dir.resolve("nohome")).doesNotExist();
    }
}
