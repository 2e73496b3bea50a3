package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.audit.reference.ReferenceModels;
import dev.lethe.audit.reference.ReferenceVerdict;
import dev.lethe.audit.reference.ReferenceVerifier;
import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.djl.NeuralUnlearning;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe forget --method} on an MLP trained on a small MNIST extract: methods, verification and the fall-back. */
class NeuralForgetCommandTest {

    static Dataset digits;
    static byte[] trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        Dataset all = IdxReader.readTestSplit(RepositoryData.path("mnist"));
        int[] first = new int[600];
        Arrays.setAll(first, i -> i);
        digits = all.select(first);
        trained = ModelFile.toBytes(ModelFamilies.byName("mlp")
                .learner(Map.of("hidden", "24", "epochs", "5", "batch", "32"), 5).fit(digits));
    }

    private Path modelFile() throws IOException {
        Path model = dir.resolve("net.lethe");
        Files.write(model, trained);
        return model;
    }

    private CliRunner forget(Path model, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"forget", "--model", model.toString(), "--no-ledger", "--receipt",
                dir.resolve("r.json").toString()}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return CliRunner.run(args);
    }

    private JsonNode receipt() throws IOException {
        return Json.MAPPER.readTree(dir.resolve("r.json").toFile());
    }

    @Test
    void aClassIsForgottenWithScrubAndTheReceiptSaysApproximateWithTheSettings() throws IOException {
        Path model = modelFile();
        CliRunner f = forget(model, "--class", "7", "--method", "scrub", "--set", "epochs=2", "--set", "alpha=0.5");
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).contains("APPROXIMATE").contains("method: scrub");
        JsonNode r = receipt();
        assertThat(r.get("guarantee").asText()).isEqualTo("APPROXIMATE");
        assertThat(r.toString()).contains("\"method\":\"scrub\"").contains("\"method.epochs\":\"2\"").contains("\"method.alpha\":\"0.5\"");
        UnlearnableModel after = ModelFile.load(model);
        assertThat(after.stateVersion()).isEqualTo(2);
        assertThat(after.history().isEmpty()).isFalse();
    }

    @Test
    void badInputIsAOneLineErrorAndTheModelFileIsUntouched() throws IOException {
        Path model = modelFile();
        CliRunner unknown = forget(model, "--class", "7", "--method", "forgetful");
        assertThat(unknown.code()).isEqualTo(Main.USER_ERROR);
        assertThat(unknown.err()).contains("unknown unlearning method 'forgetful'");
        CliRunner setting = forget(model, "--class", "7", "--method", "salun", "--set", "sparsty=0.2");
        assertThat(setting.code()).isEqualTo(Main.USER_ERROR);
        assertThat(setting.err()).contains("sparsty");
        CliRunner orphan = forget(model, "--class", "7", "--set", "epochs=2");
        assertThat(orphan.code()).isEqualTo(Main.USER_ERROR);
        assertThat(orphan.err()).contains("--set, --verify and --test go with --method");
        Path everyone = dir.resolve("all.txt");
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < digits.size(); i++) {
            ids.append(digits.recordId(i)).append('\n');
        }
        Files.writeString(everyone, ids);
        CliRunner all = forget(model, "--records", everyone.toString(), "--method", "finetune");
        assertThat(all.code()).isEqualTo(Main.USER_ERROR);
        assertThat(all.err()).contains("delete the model");
        assertThat(Files.readAllBytes(model)).isEqualTo(trained);
        assertThat(Files.exists(dir.resolve("r.json"))).isFalse();

        Path nb = dir.resolve("nb.lethe");
        Dataset small = RandomData.classification(1, 40, 2, 0, 2);
        ModelFile.save(ModelFamilies.byName("nb").learner(Map.of(), 1).fit(small), nb);
        byte[] nbBytes = Files.readAllBytes(nb);
        CliRunner wrongFamily = forget(nb, "--record", Long.toString(small.recordId(0)), "--method", "scrub");
        assertThat(wrongFamily.code()).isEqualTo(Main.USER_ERROR);
        assertThat(wrongFamily.err()).contains("mlp and cnn").contains("'nb'");
        assertThat(Files.readAllBytes(nb)).isEqualTo(nbBytes);
    }

    @Test
    void verificationCatchesAnIdentityMethodAndPassesATrueRetrain() {
        UnlearnableModel model = ModelFile.fromBytes(trained);
        ForgetRequest request = new ForgetRequest.ClassLabel("3");
        NeuralUnlearning.Split split = NeuralUnlearning.split(model, request);
        ReferenceModels refs = ReferenceModels.train(s -> NeuralUnlearning.learner(model, s), split.retain(), 3, 5);
        ReferenceVerdict identity = ReferenceVerifier.judge(model, refs, split.forget(), split.retain(), null,
                ReferenceVerifier.LEVEL);
        assertThat(identity.distinguishable()).as(identity.summary()).isTrue();
        assertThat(identity.confidence()).isGreaterThan(0.99);
        var retrained = NeuralUnlearning.learner(model, 424242).fit(split.retain());
        ReferenceVerdict exact = ReferenceVerifier.judge(retrained, refs, split.forget(), split.retain(), null,
                ReferenceVerifier.LEVEL);
        assertThat(exact.distinguishable()).as(exact.summary() + " " + exact.checks()).isFalse();
        assertThat(exact.liraAuc()).isBetween(0.3, 0.7);
    }

    @Test
    void aWeakMethodFallsBackToAnExactRetrainOrIsRefused() throws IOException {
        Path model = modelFile();
        CliRunner refused = forget(model, "--class", "3", "--method", "finetune", "--set", "epochs=0", "--verify", "2",
                "--fallback", "none");
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(Main.USER_ERROR);
        assertThat(refused.err()).contains("distinguishable").contains("--fallback none: nothing was changed");
        assertThat(Files.readAllBytes(model)).isEqualTo(trained);
        Path cache = dir.resolve("net.lethe.references");
        assertThat(refused.out()).contains("references: training 2");
        assertThat(Files.list(cache)).hasSize(1);

        CliRunner fell = forget(model, "--class", "3", "--method", "finetune", "--set", "epochs=0", "--verify", "2");
        assertThat(fell.code()).as(fell.err()).isZero();
        assertThat(fell.out()).as("the same request on the same model version reuses the references")
                .contains("references: 2 read from");
        assertThat(cache).as("the model changed, so its cached references are deleted").doesNotExist();
        assertThat(fell.out()).contains("distinguishable").contains("fall-back: replaced by an exact retrain").contains("EXACT");
        JsonNode r = receipt();
        assertThat(r.get("guarantee").asText()).isEqualTo("EXACT");
        assertThat(r.toString()).contains("\"replaced.method\":\"finetune\"").contains("\"replaced.verdict\":\"distinguishable\"")
                .contains("\"method\":\"retrain\"");
        UnlearnableModel after = ModelFile.load(model);
        UnlearnableModel original = ModelFile.fromBytes(trained); // not forgotten: its records still hold class 3
        var retrain = NeuralUnlearning.learner(original, 5).fit(NeuralUnlearning.split(original, new ForgetRequest.ClassLabel("3")).retain());
        assertThat(after.parameters().get("weight0")).containsExactly(retrain.parameters().get("weight0"));
        assertThat(after.stateVersion()).isEqualTo(1);
    }

    @Test
    void theSisaFallBackReplacesTheNetworkByAnEnsembleThatForgetsExactlyFromThenOn() throws IOException {
        Path model = modelFile();
        CliRunner fell = forget(model, "--class", "3", "--method", "finetune", "--set", "epochs=0", "--verify", "2",
                "--fallback", "sisa");
        assertThat(fell.code()).as(fell.err()).isZero();
        assertThat(fell.out()).contains("replaced by a SISA ensemble").contains("EXACT");
        JsonNode r = receipt();
        assertThat(r.get("guarantee").asText()).isEqualTo("EXACT");
        assertThat(r.get("family").asText()).isEqualTo("sisa");
        assertThat(r.toString()).contains("\"replaced.verdict\":\"distinguishable\"").contains("sisa: the result was distinguishable");
        UnlearnableModel after = ModelFile.load(model);
        assertThat(after.family()).isEqualTo("sisa");
        int three = digits.schema().target().levelIndex("3");
        int kept = java.util.stream.IntStream.range(0, digits.size()).filter(i -> digits.label(i) != three).findFirst().orElseThrow();
        int gone = java.util.stream.IntStream.range(0, digits.size()).filter(i -> digits.label(i) == three).findFirst().orElseThrow();
        CliRunner next = forget(model, "--record", Long.toString(digits.recordId(kept)));
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(receipt().get("guarantee").asText()).isEqualTo("EXACT");
        CliRunner absent = forget(model, "--record", Long.toString(digits.recordId(gone)));
        assertThat(absent.code()).isEqualTo(Main.USER_ERROR);
    }
}
