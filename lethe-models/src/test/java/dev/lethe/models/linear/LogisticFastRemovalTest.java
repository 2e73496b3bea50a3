package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFile;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The O(d²) removal mode ({@code bound=fast}) on real data: after every removal the gradient of the
 * remaining-data objective, computed independently from all remaining records, is within the
 * reported cumulative bound; predictions agree with retraining while within budget; the budget
 * policies trigger; and the options and model files carry the mode.
 */
class LogisticFastRemovalTest {

    private static final Guarantee CERTIFIED = Guarantee.certified(1, 1e-5);

    private static LogisticLearner learner(double lambda, double sigma, LogisticLearner.BudgetPolicy policy) {
        return new LogisticLearner(LogisticTestData.rawDefaults().withLambda(lambda).withSigma(sigma).withPolicy(policy)
                .withBound(LogisticLearner.Bound.FAST), 11);
    }

    @Test
    void spamFastRemovalsStayWithinTheirCumulativeBound() {
        Dataset.Split split = LogisticTestData.spam().split(0.8, 7);
        checkSequence(split.first(), split.second(), 25, 0.1, 20);
    }

    @Test
    void mnistThreeVersusEightFastRemovalsStayWithinTheirCumulativeBound() {
        checkSequence(LogisticTestData.mnistTrain(1200), LogisticTestData.mnistTest(1000), 12, 0.1, 50);
    }

    private static void checkSequence(Dataset train, Dataset test, int removals, double lambda, double sigma) {
        LogisticLearner learner = learner(lambda, sigma, LogisticLearner.BudgetPolicy.REFUSE);
        LogisticModel model = learner.fit(train);
        assertThat(model.isCertifying()).isTrue();
        long[] ids = train.shuffle(3).recordIds();
        int next = 0;
        double previousTotal = model.residualBound();
        for (int k = 0; k < removals; k++) {
            // mostly single records, every fifth request a batch of three
            ForgetRequest request = k % 5 == 4 ? ForgetRequest.Records.of(ids[next++], ids[next++], ids[next++])
                    : ForgetRequest.Records.of(ids[next++]);
            ForgetReceipt receipt = model.forget(request);
            assertThat(receipt.guarantee()).isEqualTo(CERTIFIED);
            assertThat(receipt.details()).containsEntry("bound_mode", "fast").doesNotContainKey("retrained");
            double step = Double.parseDouble(receipt.details().get("step_bound"));
            double total = Double.parseDouble(receipt.details().get("total_bound"));
            assertThat(step).isPositive();
            assertThat(total).isCloseTo(previousTotal + step, Offset.offset(1e-5 * total + 1e-12));
            assertThat(total).isLessThanOrEqualTo(model.budget());
            previousTotal = model.residualBound();
            double actual = LogisticGradients.norm(LogisticGradients.gradient(model, train));
            assertThat(actual).as("‖∇J‖ after fast removal %d", k).isLessThanOrEqualTo(model.residualBound());
        }
        LogisticModel retrained = learner.fit(model.history().applyTo(train));
        assertThat(Evaluation.agreement(model, retrained, test)).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void theFastBoundChargesMoreThanTheTightOneForTheSameRemovals() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        LogisticLearner fast = learner(0.1, 20, LogisticLearner.BudgetPolicy.REFUSE);
        LogisticModel f = fast.fit(train);
        LogisticModel t = new LogisticLearner(fast.options().withBound(LogisticLearner.Bound.TIGHT), 11).fit(train);
        long[] ids = train.shuffle(4).recordIds();
        for (int k = 0; k < 10; k++) {
            f.forget(ForgetRequest.Records.of(ids[k]));
            t.forget(ForgetRequest.Records.of(ids[k]));
        }
        assertThat(f.residualBound()).isGreaterThan(t.residualBound());
        // both are bounds on (almost) the same point's residual
        assertThat(LogisticGradients.distance(f.weights(), t.weights())).isLessThan(1e-2);
    }

    @Test
    void refusePolicyThrowsAndLeavesTheModelUnchanged() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        LogisticModel model = learner(1e-2, 0.05, LogisticLearner.BudgetPolicy.REFUSE).fit(train);
        long[] ids = train.shuffle(5).recordIds();
        int done = 0;
        while (done < 200) {
            String digest = model.stateDigest();
            double bound = model.residualBound();
            double[] weights = model.weights();
            try {
                ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[done]));
                assertThat(receipt.guarantee()).isEqualTo(CERTIFIED);
                done++;
            } catch (ForgetException e) {
                assertThat(e).hasMessageContaining("budget exhausted").hasMessageContaining("refuse");
                assertThat(model.stateDigest()).isEqualTo(digest);
                assertThat(model.residualBound()).isEqualTo(bound);
                assertThat(model.weights()).isEqualTo(weights);
                break;
            }
        }
        assertThat(done).isLessThan(200);
        LogisticBudgetTest.assertRefusedOnlyAtTheBudget(model,
                learner(1e-2, 0.05, LogisticLearner.BudgetPolicy.RETRAIN).fit(train), ids, done);
        int refusedAt = done;
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(ids[refusedAt]))).isInstanceOf(ForgetException.class);
        // the model still forgets correctly after a refusal (its maintained state was not touched)
        assertThat(LogisticGradients.norm(LogisticGradients.gradient(model, train))).isLessThanOrEqualTo(model.residualBound());
    }

    @Test
    void retrainPolicyRefitsAndKeepsCertifyingWithinTheBound() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        LogisticModel model = learner(0.1, 0.5, LogisticLearner.BudgetPolicy.RETRAIN).fit(train);
        long[] ids = train.shuffle(6).recordIds();
        boolean retrained = false;
        for (int k = 0; k < 150 && !retrained; k++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(receipt.guarantee()).isEqualTo(CERTIFIED);
            retrained = "true".equals(receipt.details().get("retrained"));
            assertThat(model.residualBound()).isLessThanOrEqualTo(model.budget());
        }
        assertThat(retrained).as("the budget ran out within 150 removals").isTrue();
        assertThat(model.retrains()).isEqualTo(1);
        assertThat(model.removedSinceTraining()).isZero();
        for (int k = 150; k < 155; k++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(receipt.details()).containsEntry("bound_mode", "fast");
            double actual = LogisticGradients.norm(LogisticGradients.gradient(model, train));
            if (receipt.details().containsKey("retrained")) {
                // the bound of a refit is its measured training residual (rounding level): allow for rounding
                assertThat(actual).isLessThanOrEqualTo(model.residualBound() * (1 + 1e-6) + 1e-9);
            } else {
                assertThat(actual).isLessThanOrEqualTo(model.residualBound());
            }
        }
    }

    @Test
    void theModeRoundTripsThroughSettingsAndModelFiles() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        LogisticLearner learner = learner(1e-2, 20, LogisticLearner.BudgetPolicy.REFUSE);
        assertThat(learner.settings()).containsEntry("bound", "fast");
        assertThat(LogisticLearner.Options.from(new dev.lethe.model.Settings("logistic", learner.settings())))
                .isEqualTo(learner.options());
        LogisticModel model = learner.fit(train);
        long[] ids = train.shuffle(8).recordIds();
        for (int k = 0; k < 5; k++) {
            model.forget(ForgetRequest.Records.of(ids[k]));
        }
        LogisticModel loaded = (LogisticModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.options().bound()).isEqualTo(LogisticLearner.Bound.FAST);
        for (int k = 5; k < 8; k++) {
            ForgetReceipt a = model.forget(ForgetRequest.Records.of(ids[k]));
            ForgetReceipt b = loaded.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(Double.parseDouble(b.details().get("total_bound")))
                    .isCloseTo(Double.parseDouble(a.details().get("total_bound")), Offset.offset(1e-9));
            assertThat(LogisticGradients.norm(LogisticGradients.gradient(loaded, train))).isLessThanOrEqualTo(loaded.residualBound());
        }
    }

    @Test
    void unknownModeIsRejectedWithTheExpectedValues() {
        java.util.Map<String, String> settings = new java.util.HashMap<>(LogisticTestData.rawDefaults().toSettings());
        settings.put("bound", "fastest");
        assertThatThrownBy(() -> LogisticLearner.Options.from(new dev.lethe.model.Settings("logistic", settings)))
                .isInstanceOf(dev.lethe.model.OptionsException.class).hasMessageContaining("fastest");
    }
}
