package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe forget} appending to the ledger, {@code lethe ledger verify|show} and {@code lethe audit}. */
class AuditCommandsTest {

    @TempDir
    Path dir;
    Path data;
    Path test;
    Path model;
    Path home;

    @BeforeEach
    void trainAModel() throws IOException {
        data = csv("d.csv", 100, 60);
        test = csv("t.csv", 500, 60);
        model = dir.resolve("m.lethe");
        home = dir.resolve("home");
        CliRunner r = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "pid", "--subject", "person",
                "--model", "test-prior", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    private Path csv(String name, int firstId, int rows) throws IOException {
        StringBuilder csv = new StringBuilder("pid,person,y,a,c\n");
        for (int i = 0; i < rows; i++) {
            csv.append(firstId + i).append(",\"p").append(i % 7).append("\",\"").append(i % 3 == 0 ? "yes" : "no")
                    .append("\",").append(i * 0.5).append(",\"").append(i % 2 == 0 ? "u" : "v").append("\"\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv.toString());
        return file;
    }

    private void forgetSome() {
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "103", "106", "--home", home.toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).contains("ledger: entry 1 in");
        CliRunner s = CliRunner.run("forget", "--model", model.toString(), "--subject", "p3", "--home", home.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("ledger: entry 2 in");
    }

    @Test
    void forgetAppendsToTheLedgerWhichVerifiesAndShowsNoSubjectInClear() throws IOException {
        forgetSome();
        CliRunner v = CliRunner.run("ledger", "verify", "--home", home.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("ledger valid: 2 entries");

        CliRunner show = CliRunner.run("ledger", "show", "--home", home.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("2 records", "subject hmac-sha256:", "EXACT");
        CliRunner json = CliRunner.run("ledger", "show", "--json", "--home", home.toString());
        assertThat(json.code()).isZero();
        String everything = show.out() + json.out() + Files.readString(home.resolve("ledger.jsonl"));
        assertThat(everything).doesNotContain("\"p3\"").doesNotContain(Digests.pseudonym("p3"));
        assertThat(Json.MAPPER.readTree(json.out()).get(1).get("subject").asText()).startsWith("hmac-sha256:");
    }

    @Test
    void verifyNamesTheFirstTamperedEntryWithExit1() throws IOException {
        forgetSome();
        Path ledger = home.resolve("ledger.jsonl");
        List<String> lines = Files.readAllLines(ledger);
        lines.set(0, lines.get(0).replace("[103,106]", "[103]"));
        Files.write(ledger, lines);
        CliRunner v = CliRunner.run("ledger", "verify", "--home", home.toString());
        assertThat(v.code()).isEqualTo(Main.CHECK_FAILED);
        assertThat(v.out()).contains("INVALID at entry 1").contains("modified");
    }

    @Test
    void noLedgerSkipsTheLedgerAndAMissingHomeIsAUserError() {
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "103", "--no-ledger", "--home", home.toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).doesNotContain("ledger:");
        assertThat(Files.exists(home)).isFalse();
        CliRunner v = CliRunner.run("ledger", "verify", "--home", home.toString());
        assertThat(v.code()).isEqualTo(Main.USER_ERROR);
        assertThat(v.err()).contains("no Lethe home here");
    }

    @Test
    void auditWritesAReportAndJudgesEachReceiptFromTheLedger() throws IOException {
        forgetSome();
        Path report = dir.resolve("out/report.html");
        CliRunner a = CliRunner.run("audit", "--model", model.toString(), "--data", data.toString(), "--test", test.toString(),
                "--out", report.toString(), "--home", home.toString(), "--shadows", "4", "--runs", "2", "--threads", "1",
                "--methods", "all", "-q");
        assertThat(a.code()).as(a.out() + a.err()).isZero();
        assertThat(a.out()).contains("retrain oracle: EXACT", "LiRA (online)", "report: ");
        // one verdict for all forgotten records and one per receipt found in the ledger
        assertThat(a.out().lines().filter(l -> l.startsWith("CONSISTENT:")).count()).isEqualTo(3);
        String html = Files.readString(report);
        assertThat(html).contains("<h2>Summary</h2>").contains("subject request");
        // every family on the class path got a deletion curve (or a note why not)
        for (String family : dev.lethe.model.ModelFamilies.names()) {
            assertThat(html).contains(family);
        }
    }

    @Test
    void auditRejectsABadForgottenFileWithExit2() throws IOException {
        Path ids = dir.resolve("ids.txt");
        Files.writeString(ids, "101\nabc\n");
        CliRunner a = CliRunner.run("audit", "--model", model.toString(), "--data", data.toString(), "--test", test.toString(),
                "--forgotten", ids.toString(), "--out", dir.resolve("r.html").toString(), "-q");
        assertThat(a.code()).isEqualTo(Main.USER_ERROR);
        assertThat(a.err()).contains("line 2").contains("abc");
    }
}
