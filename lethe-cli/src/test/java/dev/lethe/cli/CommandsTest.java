package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The commands end to end on a small CSV, with the minimal family of the core test fixtures; each
 * family's own behaviour is tested in its module.
 */
class CommandsTest extends SmallModel {

    @Test
    void forgetWritesAReceiptAndVerifyConfirmsExactness() throws IOException {
        Path receipt = dir.resolve("r.json");
        CliRunner f = CliRunner.run("forget", "--model", model.toString(), "--record", "103", "106", "--receipt", receipt.toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).contains("forgot 2 records: 2 records, EXACT");
        JsonNode json = Json.MAPPER.readTree(receipt.toFile());
        assertThat(json.get("records").toString()).isEqualTo("[103,106]");
        assertThat(json.get("guarantee").asText()).isEqualTo("EXACT");
        assertThat(json.get("digest_before").asText()).isNotEqualTo(json.get("digest_after").asText());

        Path home = dir.resolve("home");
        Path subjectReceipt = dir.resolve("s.json");
        CliRunner s = CliRunner.run("forget", "--model", model.toString(), "--subject", "p3", "--home", home.toString(),
                "--receipt", subjectReceipt.toString());
        assertThat(s.code()).as(s.err()).isZero();
        // named by the home's keyed hash, the one its ledger uses, not by a hash anyone can recompute
        String keyed = dev.lethe.audit.ledger.Ledger.open(home).subjects().hash("p3");
        assertThat(s.out()).doesNotContain("p3").contains("subject " + keyed);
        assertThat(Json.MAPPER.readTree(subjectReceipt.toFile()).get("request").asText()).isEqualTo("subject " + keyed);
        assertThat(Files.readString(subjectReceipt)).doesNotContain(dev.lethe.model.Digests.pseudonym("p3"));

        CliRunner v = CliRunner.run("verify", "--model", model.toString(), "--data", data.toString());
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).startsWith("EXACT");
    }

    @Test
    void forgettingAgainOrUnknownRecordsFailsWithExit2AndLeavesTheFileUntouched() throws IOException {
        assertThat(CliRunner.run("forget", "--model", model.toString(), "--record", "101").code()).isZero();
        byte[] before = Files.readAllBytes(model);
        CliRunner again = CliRunner.run("forget", "--model", model.toString(), "--record", "101");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already forgotten: [101]").doesNotContain("Exception");
        CliRunner unknown = CliRunner.run("forget", "--model", model.toString(), "--record", "5", "102");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("not in the model's training data: [5]");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
    }

    @Test
    void recordFilesAreCheckedLineByLineAndOutWritesANewModel() throws IOException {
        Path ids = dir.resolve("ids.txt");
        Files.write(ids, List.of("104", "", "oops"));
        CliRunner bad = CliRunner.run("forget", "--model", model.toString(), "--records", ids.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("ids.txt line 3: expected a record ID, got 'oops'");
        Files.write(ids, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', '0', '4', '\n', (byte) 0xE9, '\n'});
        CliRunner latin1 = CliRunner.run("forget", "--model", model.toString(), "--records", ids.toString());
        assertThat(latin1.code()).isEqualTo(2);
        assertThat(latin1.err()).contains("ids.txt: not valid UTF-8 text");
        // a byte-order mark before the first ID is dropped
        Files.write(ids, ("\uFEFF104\n105\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path out = dir.resolve("m2.lethe");
        byte[] before = Files.readAllBytes(model);
        assertThat(CliRunner.run("forget", "--model", model.toString(), "--records", ids.toString(), "--out", out.toString()).code())
                .isZero();
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertThat(CliRunner.run("verify", "--model", out.toString(), "--data", data.toString()).code()).isZero();
    }

    @Test
    void aSubjectRequestToAModelTrainedWithoutSubjectsIsRefused() throws IOException {
        Path noSubjects = dir.resolve("no-subjects.lethe");
        assertThat(CliRunner.run("train", "--data", data.toString(), "--label", "y", "--id", "pid", "--drop", "person",
                "--model", "test-prior", "--out", noSubjects.toString()).code()).isZero();
        byte[] before = Files.readAllBytes(noSubjects);
        CliRunner r = CliRunner.run("forget", "--model", noSubjects.toString(), "--subject", "p3", "--no-ledger");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("this model has no subject column (it was trained without --subject)")
                .doesNotContain("p3");
        assertThat(Files.readAllBytes(noSubjects)).isEqualTo(before);
    }

    @Test
    void conflictingOrMissingOptionsAreUsageErrors() {
        CliRunner both = CliRunner.run("forget", "--model", model.toString(), "--record", "1", "--subject", "p1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        CliRunner none = CliRunner.run("forget", "--model", model.toString());
        assertThat(none.code()).isEqualTo(2);
        CliRunner badSet = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "test-prior",
                "--set", "alpha=x", "--out", dir.resolve("z").toString());
        assertThat(badSet.code()).isEqualTo(2);
        assertThat(badSet.err()).contains("'alpha': expected a number, got 'x'");
        CliRunner badFamily = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "nope",
                "--out", dir.resolve("z").toString());
        assertThat(badFamily.err()).contains("unknown model family 'nope'");
    }

    @Test
    void badFilesGiveOneLineMessagesWithExit2() throws IOException {
        CliRunner missing = CliRunner.run("train", "--data", dir.resolve("none.csv").toString(), "--label", "y",
                "--model", "test-prior", "--out", dir.resolve("z").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("none.csv: no such file");
        Path corrupt = dir.resolve("bad.lethe");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 3] ^= 1;
        Files.write(corrupt, bytes);
        CliRunner c = CliRunner.run("evaluate", "--model", corrupt.toString(), "--data", data.toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains("checksum mismatch").doesNotContain("at dev.lethe");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, Files.readString(data).replace("\"p1\"", "\"p9\""));
        CliRunner v = CliRunner.run("verify", "--model", model.toString(), "--data", other.toString());
        assertThat(v.code()).isEqualTo(2);
        assertThat(v.err()).contains("not what the model was trained on");
    }

    @Test
    void predictWritesProbabilitiesAndEvaluateScores() throws IOException {
        Path unlabelled = dir.resolve("new.csv");
        Files.writeString(unlabelled, "pid,a,c\n7,1.5,\"u\"\n8,2.5,\"v\"\n");
        Path out = dir.resolve("p.csv");
        CliRunner p = CliRunner.run("predict", "--model", model.toString(), "--data", unlabelled.toString(), "--out", out.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("pid,prediction,p_no,p_yes");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("7,no,");
        CliRunner e = CliRunner.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("\"accuracy\":").contains("\"macro_f1\":");
        CliRunner noLabel = CliRunner.run("evaluate", "--model", model.toString(), "--data", unlabelled.toString());
        assertThat(noLabel.code()).isEqualTo(2);
        assertThat(noLabel.err()).contains("no column 'y'");
    }
}
