package dev.lethe.privacy.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.privacy.dp.RdpAccountant;
import dev.lethe.testing.RandomData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpLogisticTest {

    private static double norm(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** Two features in [−1, 1]; the label says whether their sum is positive. */
    private static Dataset separable(int n) {
        java.util.Random r = new java.util.Random(4);
        double[] values = new double[2 * n];
        double[] targets = new double[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            values[2 * i] = 2 * r.nextDouble() - 1;
            values[2 * i + 1] = 2 * r.nextDouble() - 1;
            targets[i] = values[2 * i] + values[2 * i + 1] > 0 ? 1 : 0;
            ids[i] = i;
        }
        dev.lethe.data.Schema schema = new dev.lethe.data.Schema(java.util.List.of(dev.lethe.data.Attribute.numeric("a"),
                dev.lethe.data.Attribute.numeric("b")), dev.lethe.data.Attribute.categorical("y", java.util.List.of("no", "yes")),
                dev.lethe.data.Task.CLASSIFICATION);
        return Dataset.of(schema, values, targets, ids, null);
    }

    @Test
    void noPerExampleGradientAboveTheClipReachesTheSum() {
        double[][] w = {{0.3, -0.2, 0.1}, {-0.1, 0.4, 0}};
        double[] p = new double[2];
        double[][] one = new double[2][3];
        DpSgd.addClipped(one, w, new double[] {1e6, -3e5, 1}, 1, 0.5, p);
        assertThat(norm(one)).isCloseTo(0.5, within(1e-9)); // unclipped it would be ~1e6
        double[][] many = new double[2][3];
        for (int i = 0; i < 50; i++) {
            DpSgd.addClipped(many, w, new double[] {1e4 * (i + 1), 7e3, 1}, 1, 0.5, p);
        }
        assertThat(norm(many)).isLessThanOrEqualTo(50 * 0.5 + 1e-9);
        double[][] small = new double[2][3];
        DpSgd.addClipped(small, w, new double[] {0.01, 0.02, 1}, 1, 100, p);
        assertThat(norm(small)).isLessThan(100).isGreaterThan(0); // below the clip: left as it is
    }

    @Test
    void trainsToItsTargetEpsilonStatesItAndLearns() {
        Dataset data = separable(2000);
        UnlearnableModel m = ModelFamilies.byName("dp-logistic")
                .learner(Map.of("epsilon", "4", "delta", "1e-5", "epochs", "5", "batch", "200"), 3).fit(data);
        Map<String, String> s = m.provenance().settings();
        double eps = Double.parseDouble(s.get("dp.epsilon"));
        assertThat(eps).isLessThanOrEqualTo(4).isGreaterThan(3.8);
        double sigma = Double.parseDouble(s.get("dp.noiseMultiplier"));
        assertThat(new RdpAccountant().epsilon(0.1, sigma, 50, 1e-5).epsilon()).isCloseTo(eps, within(1e-9));
        assertThat(s).containsEntry("dp.privacyUnit", "record").containsKey("dp.accountant");
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            correct += m.predict(data.row(i)) == data.label(i) ? 1 : 0;
        }
        int majority = 0;
        for (int i = 0; i < data.size(); i++) {
            majority += data.label(i);
        }
        majority = Math.max(majority, data.size() - majority);
        assertThat(correct).isGreaterThan(Math.max(majority, 1800));
    }

    @Test
    void forgettingRecordsEqualsRetrainingOnTheRestAndSurvivesAFile() {
        Dataset data = RandomData.classification(12, 300, 3, 1, 3);
        var learner = ModelFamilies.byName("dp-logistic").learner(Map.of("epsilon", "2", "epochs", "2", "batch", "50"), 9);
        UnlearnableModel m = learner.fit(data);
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(m));
        assertThat(loaded.stateDigest()).isEqualTo(m.stateDigest());
        long[] gone = {data.recordId(3), data.recordId(100)};
        ForgetReceipt receipt = loaded.forget(ForgetRequest.Records.of(gone));
        assertThat(receipt.guarantee().toString()).isEqualTo("EXACT");
        assertThat(receipt.details()).containsKeys("dp.epsilon", "dp.privacyUnit");
        UnlearnableModel retrained = learner.fit(data.withoutRecords(id -> id == gone[0] || id == gone[1]));
        assertThat(loaded.parameters().get("class0")).containsExactly(retrained.parameters().get("class0"));
        assertThat(loaded.parameters().get("class2")).containsExactly(retrained.parameters().get("class2"));
        assertThatThrownBy(() -> loaded.forget(new ForgetRequest.Feature(data.schema().feature(0).name())))
                .isInstanceOf(ForgetException.class);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> ModelFamilies.byName("dp-logistic").learner(Map.of("epsilon", "0"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> ModelFamilies.byName("dp-logistic").learner(Map.of("clip", "-1"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("clip");
        assertThatThrownBy(() -> ModelFamilies.byName("dp-logistic").learner(Map.of("sigma", "1"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("sigma");
    }
}
