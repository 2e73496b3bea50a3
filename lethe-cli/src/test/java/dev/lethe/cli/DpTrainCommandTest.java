package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe train --dp}: a DP-SGD logistic model whose file and {@code lethe model} state (ε, δ), the accountant and the unit. */
class DpTrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsWithDpSgdAndStatesTheGuarantee() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 500; i++) {
            double a = r.nextDouble() * 2 - 1;
            double b = r.nextDouble() * 2 - 1;
            csv.append(a).append(',').append(b).append(',').append(a + b > 0 ? "yes" : "no").append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        Path model = dir.resolve("m.lethe");
        CliRunner t = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "logistic", "--dp",
                "epsilon=3,delta=1e-5,clip=1", "--set", "epochs=3", "--set", "batch=50", "--out", model.toString(), "-q");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("dp-logistic");
        java.util.Map<String, String> settings = dev.lethe.model.ModelFile.load(model).provenance().settings();
        assertThat(settings).containsKeys("dp.epsilon", "dp.delta", "dp.accountant", "dp.noiseMultiplier")
                .containsEntry("dp.privacyUnit", "record").containsEntry("clip", "1.0");
        assertThat(Double.parseDouble(settings.get("dp.epsilon"))).isLessThanOrEqualTo(3);
        // the noise is replayed from the seed, so the default seed is a secret one, different at each training
        long secret = dev.lethe.model.ModelFile.load(model).provenance().seed();
        Path again = dir.resolve("again.lethe");
        assertThat(CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "logistic", "--dp",
                "epsilon=3,delta=1e-5,clip=1", "--set", "epochs=3", "--set", "batch=50", "--out", again.toString(), "-q").code()).isZero();
        assertThat(dev.lethe.model.ModelFile.load(again).provenance().seed()).isNotEqualTo(secret).isNotEqualTo(42L);
        Path chosen = dir.resolve("chosen.lethe");
        assertThat(CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "logistic", "--dp",
                "epsilon=3,delta=1e-5,clip=1", "--set", "epochs=3", "--set", "batch=50", "--seed", "42", "--out", chosen.toString(),
                "-q").code()).isZero();
        assertThat(dev.lethe.model.ModelFile.load(chosen).provenance().seed()).isEqualTo(42L);

        String home = dir.resolve("home").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "d", "--data", data.toString(), "--label", "y").code())
                .isZero();
        CliRunner reg = CliRunner.run("model", "train", "--home", home, "--dataset", "d", "--name", "m", "--model", "dp-logistic",
                "--set", "epsilon=2", "--set", "epochs=2", "--set", "batch=50");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(CliRunner.run("models", "--home", home).out()).contains("differential privacy: DP-SGD to ε = 2.0, δ = 1.0E-5 per record");

        CliRunner bad = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "nb", "--dp",
                "epsilon=3,delta=1e-5", "--out", dir.resolve("x.lethe").toString(), "-q");
        assertThat(bad.code()).isEqualTo(Main.USER_ERROR);
        assertThat(bad.err()).contains("--model logistic, mlp and cnn only");
        CliRunner noDelta = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "logistic", "--dp",
                "epsilon=3", "--out", dir.resolve("x.lethe").toString(), "-q");
        assertThat(noDelta.err()).contains("--dp needs both");
        assertThat(dir.resolve("x.lethe")).doesNotExist();
    }

    /** {@code --model mlp --dp}: a DP-SGD network whose file and {@code lethe models} state the guarantee; bad ε, δ, clip refused, nothing written. */
    @Test
    void trainsANetworkWithDpSgdAndRefusesBadBudgets() throws IOException {
        StringBuilder csv = new StringBuilder("p,a,b,y\n");
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < 200; i++) {
            double a = r.nextDouble() * 2 - 1;
            double b = r.nextDouble() * 2 - 1;
            csv.append("p").append(i / 4).append(',').append(a).append(',').append(b).append(',').append(a * b > 0 ? "yes" : "no")
                    .append('\n');
        }
        Path data = dir.resolve("n.csv");
        Files.writeString(data, csv.toString());
        Path model = dir.resolve("n.lethe");
        CliRunner t = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--subject", "p", "--model", "mlp", "--dp",
                "epsilon=4,delta=1e-5,clip=0.5,unit=subject", "--set", "hidden=8", "--set", "epochs=2", "--set", "batch=10", "--out",
                model.toString(), "-q");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("dp-mlp");
        java.util.Map<String, String> settings = dev.lethe.model.ModelFile.load(model).provenance().settings();
        assertThat(settings).containsEntry("dp.privacyUnit", "subject").containsEntry("clip", "0.5").containsKey("dp.accountant");
        assertThat(Double.parseDouble(settings.get("dp.samplingRate"))).isEqualTo(10.0 / 50); // 50 subjects of 4 rows
        assertThat(Double.parseDouble(settings.get("dp.epsilon"))).isLessThanOrEqualTo(4);

        String home = dir.resolve("home2").toString();
        assertThat(CliRunner.run("data", "import", "--home", home, "--name", "n", "--data", data.toString(), "--label", "y").code())
                .isZero();
        CliRunner reg = CliRunner.run("model", "train", "--home", home, "--dataset", "n", "--name", "m", "--model", "dp-mlp",
                "--set", "epsilon=3", "--set", "hidden=4", "--set", "epochs=1", "--set", "batch=40");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(CliRunner.run("models", "--home", home).out()).contains("differential privacy: DP-SGD to ε = 3.0, δ = 1.0E-5 per record (RDP");

        for (String budget : new String[] {"epsilon=0,delta=1e-5", "epsilon=-1,delta=1e-5", "epsilon=1,delta=0", "epsilon=1,delta=1",
                "epsilon=1,delta=1e-5,clip=0"}) {
            Path none = dir.resolve("none.lethe");
            CliRunner bad = CliRunner.run("train", "--data", data.toString(), "--label", "y", "--model", "cnn", "--dp", budget,
                    "--out", none.toString(), "-q");
            assertThat(bad.code()).as(budget).isEqualTo(Main.USER_ERROR);
            assertThat(bad.err()).as(budget).contains("DP-SGD setting '").doesNotContain("Exception");
            assertThat(none).doesNotExist();
        }
    }
}
