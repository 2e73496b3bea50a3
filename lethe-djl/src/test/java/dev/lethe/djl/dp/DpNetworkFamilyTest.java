package dev.lethe.djl.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code dp-mlp} and {@code dp-cnn} families: the guarantee in provenance and receipts, determinism, exact forgetting, bad settings. */
class DpNetworkFamilyTest {

    static final Map<String, String> MLP = Map.of("epsilon", "2", "delta", "1e-5", "hidden", "8", "epochs", "2", "batch", "32");

    static UnlearnableModel fit(String family, Map<String, String> settings, long seed, Dataset data) {
        return ModelFamilies.byName(family).learner(settings, seed).fit(data);
    }

    static Dataset images(int rows) {
        Dataset all = IdxReader.readTestSplit(RepositoryData.path("mnist"));
        int[] first = new int[rows];
        for (int i = 0; i < rows; i++) {
            first[i] = i;
        }
        return all.select(first);
    }

    @Test
    void provenanceStatesTheGuaranteeTheAccountantAndTheUnit() {
        Dataset data = RandomData.classification(1, 200, 3, 1, 3);
        Map<String, String> s = fit("dp-mlp", MLP, 7, data).provenance().settings();
        assertThat(s).containsKeys("dp.accountant", "dp.noiseMultiplier", "dp.steps", "dp.samplingRate")
                .containsEntry("dp.privacyUnit", "record").containsEntry("dp.delta", "1.0E-5");
        assertThat(s.get("dp.accountant")).startsWith("RDP");
        assertThat(Double.parseDouble(s.get("dp.epsilon"))).isLessThanOrEqualTo(2).isGreaterThan(1.9);
        assertThat(Long.parseLong(s.get("dp.steps"))).isEqualTo((long) Math.ceil(2 / (32.0 / 200)));
        assertThat(Double.parseDouble(s.get("dp.noiseMultiplier"))).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedDoesNot() {
        Dataset data = RandomData.classification(2, 150, 4, 0, 2);
        UnlearnableModel a = fit("dp-mlp", MLP, 3, data);
        UnlearnableModel b = fit("dp-mlp", MLP, 3, data);
        UnlearnableModel c = fit("dp-mlp", MLP, 4, data);
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest()).isNotEqualTo(c.stateDigest());
    }

    /** Forgetting retrains by DP-SGD with the same seed: bit for bit what training without the records gives; the receipt says so. */
    @Test
    void forgettingIsExactlyRetrainingAndTheReceiptStatesTheGuarantee() {
        Dataset data = RandomData.classification(3, 160, 3, 1, 3);
        UnlearnableModel model = fit("dp-mlp", MLP, 5, data);
        String before = model.stateDigest();
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(data.recordId(0), data.recordId(17)));
        assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
        assertThat(receipt.details()).containsKeys("dp.epsilon", "dp.accountant", "dp.forgetting")
                .containsEntry("dp.privacyUnit", "record");
        assertThat(model.stateDigest()).isNotEqualTo(before);
        ExactnessReport report = RetrainCheck.compare(ModelFamilies.byName("dp-mlp"), model, data);
        assertThat(report.passed()).isTrue();
        assertThat(report.maxDifference()).isZero();
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Feature(data.schema().feature(0).name())))
                .isInstanceOf(ForgetException.class);
    }

    @Test
    void aCnnTrainsOnImagesSavesLoadsAndForgetsExactly() {
        Dataset data = images(60);
        Map<String, String> settings = Map.of("epsilon", "5", "delta", "1e-5", "channels", "2,3", "hidden", "4", "epochs", "1",
                "batch", "20");
        UnlearnableModel model = fit("dp-cnn", settings, 1, data);
        assertThat(model.provenance().settings()).containsEntry("scale", "auto").containsEntry("dp.privacyUnit", "record");
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.probabilities(data.row(3))).containsExactly(model.probabilities(data.row(3)));
        model.forget(ForgetRequest.Records.of(data.recordId(5)));
        assertThat(RetrainCheck.compare(ModelFamilies.byName("dp-cnn"), model, data).maxDifference()).isZero();
        assertThatThrownBy(() -> fit("dp-cnn", settings, 1, RandomData.classification(1, 50, 5, 0, 2)))
                .isInstanceOf(DataException.class).hasMessageContaining("square greyscale images");
    }

    /** unit=subject: subjects are sampled (q = batch / subjects) and the guarantee says it is per subject; a subject forget keeps it. */
    @Test
    void theSubjectCanBeThePrivacyUnit() {
        Dataset data = RandomData.classification(6, 120, 3, 0, 2);
        Map<String, String> settings = new HashMap<>(MLP);
        settings.put("unit", "subject");
        settings.put("batch", "8");
        settings.put("epochs", "1");
        UnlearnableModel model = fit("dp-mlp", settings, 2, data);
        assertThat(model.provenance().settings()).containsEntry("dp.privacyUnit", "subject");
        assertThat(Double.parseDouble(model.provenance().settings().get("dp.samplingRate")))
                .isCloseTo(8.0 / data.subjects().size(), org.assertj.core.data.Offset.offset(1e-12));
        ForgetReceipt r = model.forget(new ForgetRequest.Subject(data.subjectId(0)));
        assertThat(r.details()).containsEntry("dp.privacyUnit", "subject");
        assertThat(RetrainCheck.compare(ModelFamilies.byName("dp-mlp"), model, data).maxDifference()).isZero();
        assertThatThrownBy(() -> fit("dp-mlp", settings, 2, RandomData.withoutSubjects(data)))
                .isInstanceOf(DataException.class).hasMessageContaining("subject column");
    }

    @Test
    void badPrivacySettingsAreRefusedBeforeTraining() {
        Dataset data = RandomData.classification(4, 50, 2, 0, 2);
        String[][] bad = {{"epsilon", "0"}, {"epsilon", "-1"}, {"delta", "0"}, {"delta", "1"}, {"delta", "1.5"}, {"clip", "0"},
                {"clip", "-2"}};
        for (String family : new String[] {"dp-mlp", "dp-cnn"}) {
            for (String[] kv : bad) {
                Map<String, String> s = new HashMap<>(MLP);
                s.remove("hidden");
                s.put(kv[0], kv[1]);
                assertThatThrownBy(() -> fit(family, s, 1, data)).as(family + " " + kv[0] + "=" + kv[1])
                        .isInstanceOf(OptionsException.class).hasMessageContaining("'" + kv[0] + "'").hasMessageContaining(kv[1]);
            }
        }
    }
}
