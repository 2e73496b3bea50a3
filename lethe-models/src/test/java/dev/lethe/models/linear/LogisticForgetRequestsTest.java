package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Feature and label unlearning (Warnecke et al.) on Spam, and bad requests leaving the model untouched. */
class LogisticForgetRequestsTest {

    private static final Dataset.Split SPLIT = LogisticTestData.spam().split(0.8, 7);
    private static final Dataset TRAIN = SPLIT.first();
    private static final Dataset TEST = SPLIT.second();
    private static final LogisticLearner.Options PLAIN = LogisticTestData.rawDefaults().withEpsilon(Double.POSITIVE_INFINITY);

    @Test
    void relabellingFlippedLabelsRepairsTheModel() {
        Random random = new Random(4);
        Map<Long, Double> flipped = new LinkedHashMap<>();
        Map<Long, String> corrections = new LinkedHashMap<>();
        for (int i = 0; i < TRAIN.size(); i++) {
            if (random.nextDouble() < 0.05) {
                flipped.put(TRAIN.recordId(i), (double) (1 - TRAIN.label(i)));
                corrections.put(TRAIN.recordId(i), TRAIN.schema().classes().get(TRAIN.label(i)));
            }
        }
        Dataset noisy = TRAIN.withTargets(flipped);
        LogisticModel retrained = new LogisticLearner(PLAIN, 1).fit(TRAIN);
        for (LogisticLearner.Update update : LogisticLearner.Update.values()) {
            LogisticModel model = new LogisticLearner(PLAIN.withUpdate(update), 1).fit(noisy);
            double before = Evaluation.agreement(model, retrained, TEST);
            ForgetReceipt receipt = model.forget(new ForgetRequest.Relabel(corrections));
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.APPROXIMATE);
            assertThat(receipt.recordCount()).isEqualTo(corrections.size());
            double measured = Double.parseDouble(receipt.details().get("measured_residual"));
            double actual = LogisticGradients.norm(LogisticGradients.gradient(model, noisy));
            assertThat(measured).as(update.name()).isCloseTo(actual, org.assertj.core.data.Offset.offset(1e-5 * actual + 1e-9));
            double after = Evaluation.agreement(model, retrained, TEST);
            assertThat(after).as(update + " agreement with retraining on corrected labels").isGreaterThanOrEqualTo(before);
            if (update == LogisticLearner.Update.SECOND_ORDER) {
                assertThat(after).isGreaterThanOrEqualTo(0.99);
            }
        }
    }

    @Test
    void aRequestThatRemovesNothingCarriesTheModelsStandingGuarantee() {
        // a subject the data does not hold (Spam has no subjects, and a model without them refuses subject requests)
        Dataset data = dev.lethe.testing.RandomData.classification(5, 200, 3, 0, 2);
        ForgetRequest nobody = new ForgetRequest.Subject("no-such-subject");
        LogisticModel certified = new LogisticLearner(LogisticTestData.rawDefaults(), 1).fit(data);
        assertThat(certified.forget(nobody).guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
        LogisticModel plain = new LogisticLearner(PLAIN, 1).fit(data);
        assertThat(plain.forget(nobody).guarantee()).as("nothing forgotten yet: the trained model itself").isEqualTo(Guarantee.EXACT);
        plain.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(plain.forget(nobody).guarantee()).as("after an approximate removal").isEqualTo(Guarantee.APPROXIMATE);
    }

    @Test
    void forgettingAFeatureMatchesRetrainingWithoutIt() {
        String feature = "charExclamation";
        Dataset without = TRAIN.withoutFeatures(List.of(feature));
        LogisticModel retrained = new LogisticLearner(PLAIN, 1).fit(without);
        LogisticModel model = new LogisticLearner(PLAIN, 1).fit(TRAIN);
        ForgetReceipt receipt = model.forget(new ForgetRequest.Feature(feature));
        assertThat(receipt.guarantee()).isEqualTo(Guarantee.APPROXIMATE);
        assertThat(model.parameters()).doesNotContainKey(feature).containsOnlyKeys(retrained.parameters().keySet());
        double measured = Double.parseDouble(receipt.details().get("measured_residual"));
        double actual = LogisticGradients.norm(LogisticGradients.gradient(model, TRAIN));
        assertThat(measured).isCloseTo(actual, org.assertj.core.data.Offset.offset(1e-5 * actual + 1e-9));
        assertThat(Evaluation.agreement(model, retrained, TEST)).isGreaterThanOrEqualTo(0.999);
        // the model still takes full rows and ignores the forgotten column
        double[] row = TEST.row(0);
        double[] changed = row.clone();
        changed[TRAIN.schema().indexOf(feature)] += 100;
        assertThat(model.probabilities(changed)).isEqualTo(model.probabilities(row));
    }

    @Test
    void afterAnApproximateUpdateRemovalsAreNoLongerCertified() {
        LogisticModel model = new LogisticLearner(LogisticTestData.rawDefaults().withSigma(20).withLambda(1e-2), 1).fit(TRAIN);
        assertThat(model.forget(ForgetRequest.Records.of(TRAIN.recordId(0))).guarantee()).isInstanceOf(Guarantee.Certified.class);
        model.forget(new ForgetRequest.Relabel(Map.of(TRAIN.recordId(1), TRAIN.schema().classes().get(1 - TRAIN.label(1)))));
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(TRAIN.recordId(2)));
        assertThat(receipt.guarantee()).isEqualTo(Guarantee.APPROXIMATE);
        assertThat(receipt.details()).containsKey("measured_residual").containsKey("note");
        assertThat(model.isCertifying()).isFalse();
    }

    @Test
    void badRequestsFailWithoutChangingTheModel() {
        LogisticModel model = new LogisticLearner(LogisticTestData.rawDefaults().withSigma(20).withLambda(1e-2), 1).fit(TRAIN);
        model.forget(ForgetRequest.Records.of(TRAIN.recordId(0)));
        String digest = model.stateDigest();
        double[] weights = model.weights();
        double bound = model.residualBound();
        long unknown = 10_000_000L;
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(TRAIN.recordId(1), unknown)))
                .isInstanceOf(ForgetException.class).hasMessageContaining(Long.toString(unknown));
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(TRAIN.recordId(0))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("already forgotten");
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Feature("no_such_feature")))
                .isInstanceOf(ForgetException.class).hasMessageContaining("no_such_feature");
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Relabel(Map.of(TRAIN.recordId(2), "ham"))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("ham");
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Records(java.util.Set.copyOf(
                java.util.Arrays.stream(TRAIN.recordIds()).boxed().filter(id -> id != TRAIN.recordId(0)).toList()))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("would remove all");
        assertThat(model.stateDigest()).isEqualTo(digest);
        assertThat(model.weights()).isEqualTo(weights);
        assertThat(model.residualBound()).isEqualTo(bound);
        assertThat(model.history().records()).hasSize(1);
    }
}
