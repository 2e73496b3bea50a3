package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What happens when the certified budget runs out, under each policy, and that model files keep the budget state. */
class LogisticBudgetTest {

    private static final Dataset TRAIN = LogisticTestData.spam().split(0.8, 7).first();

    private static LogisticModel fit(double sigma, LogisticLearner.BudgetPolicy policy) {
        return new LogisticLearner(LogisticTestData.rawDefaults().withLambda(1e-2).withSigma(sigma).withPolicy(policy), 21)
                .fit(TRAIN);
    }

    /** Removes records in a fixed order until the model stops issuing CERTIFIED receipts or refuses. */
    private static int removeUntilExhausted(LogisticModel model, long[] ids) {
        for (int k = 0; k < ids.length; k++) {
            String digest = model.stateDigest();
            double bound = model.residualBound();
            double[] weights = model.weights();
            try {
                ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[k]));
                assertThat(receipt.guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
                assertThat(receipt.details()).doesNotContainKey("retrained");
            } catch (ForgetException e) {
                assertThat(e).hasMessageContaining("budget exhausted").hasMessageContaining("refuse");
                assertThat(model.stateDigest()).isEqualTo(digest);
                assertThat(model.residualBound()).isEqualTo(bound);
                assertThat(model.weights()).isEqualTo(weights);
                return k;
            }
        }
        return ids.length;
    }

    /**
     * A refusal after {@code done} certified removals must come no earlier than the budget requires:
     * a twin under policy 'retrain' (same data, options and seed) walks the same removals, certifies
     * the first {@code done} without retraining, reaching the same weights and running bound, and
     * retrains at the next one, whose receipt shows the running total plus that step over the budget.
     */
    static void assertRefusedOnlyAtTheBudget(LogisticModel refused, LogisticModel retrainTwin, long[] ids, int done) {
        assertThat(done).as("certified removals before the refusal").isPositive();
        for (int k = 0; k < done; k++) {
            assertThat(retrainTwin.forget(ForgetRequest.Records.of(ids[k])).details()).doesNotContainKey("retrained");
        }
        assertThat(retrainTwin.weights()).isEqualTo(refused.weights());
        assertThat(retrainTwin.residualBound()).isEqualTo(refused.residualBound()).isLessThanOrEqualTo(refused.budget());
        Map<String, String> overrun = retrainTwin.forget(ForgetRequest.Records.of(ids[done])).details();
        assertThat(overrun).containsEntry("retrained", "true");
        assertThat(Double.parseDouble(overrun.get("total_bound_before"))).isEqualTo(refused.residualBound());
        assertThat(refused.residualBound() + Double.parseDouble(overrun.get("step_bound"))).isGreaterThan(refused.budget());
    }

    @Test
    void refusePolicyThrowsAndLeavesTheModelUnchanged() {
        LogisticModel model = fit(0.05, LogisticLearner.BudgetPolicy.REFUSE);
        long[] ids = TRAIN.shuffle(5).recordIds();
        int done = removeUntilExhausted(model, java.util.Arrays.copyOf(ids, 200));
        assertThat(done).isLessThan(200);
        assertRefusedOnlyAtTheBudget(model, fit(0.05, LogisticLearner.BudgetPolicy.RETRAIN), ids, done);
        assertThat(model.history().records()).hasSize(done);
        assertThat(model.retrains()).isZero();
        // the refusal is stable: asking again refuses again
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(ids[done]))).isInstanceOf(ForgetException.class);
    }

    @Test
    void retrainPolicyRefitsWithAFreshPerturbationAndResetsTheBudget() {
        LogisticModel model = fit(0.05, LogisticLearner.BudgetPolicy.RETRAIN);
        double[] firstNoise = model.perturbation();
        long[] ids = TRAIN.shuffle(5).recordIds();
        ForgetReceipt retrainReceipt = null;
        int k = 0;
        for (; k < 200 && retrainReceipt == null; k++) {
            ForgetReceipt r = model.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(r.guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
            if (r.details().containsKey("retrained")) {
                retrainReceipt = r;
            }
        }
        assertThat(retrainReceipt).as("a removal past the budget retrains").isNotNull();
        assertThat(retrainReceipt.details()).containsEntry("retrained", "true").containsEntry("generation", "1");
        assertThat(Double.parseDouble(retrainReceipt.details().get("total_bound_before"))
                + Double.parseDouble(retrainReceipt.details().get("step_bound"))).isGreaterThan(model.budget());
        assertThat(model.retrains()).isEqualTo(1);
        assertThat(model.removedSinceTraining()).isZero();
        assertThat(model.history().records()).hasSize(k);
        assertThat(model.perturbation()).isNotEqualTo(firstNoise);
        // the refit is the optimum of its own objective on the remaining records, and the budget is fresh
        int n = TRAIN.size() - k;
        assertThat(model.measuredResidual() / n).isLessThanOrEqualTo(1e-9);
        assertThat(model.residualBound()).isLessThan(model.budget());
        ForgetReceipt next = model.forget(ForgetRequest.Records.of(ids[k]));
        assertThat(next.guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
    }

    @Test
    void modelFileKeepsTheBudgetStateAndTheModelBehavesTheSameAfterLoading() {
        LogisticModel model = fit(20, LogisticLearner.BudgetPolicy.RETRAIN);
        long[] ids = TRAIN.shuffle(8).recordIds();
        for (int k = 0; k < 5; k++) {
            model.forget(ForgetRequest.Records.of(ids[k]));
        }
        LogisticModel loaded = (LogisticModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.residualBound()).isEqualTo(model.residualBound());
        assertThat(loaded.removedSinceTraining()).isEqualTo(5);
        assertThat(loaded.budget()).isEqualTo(model.budget());
        assertThat(loaded.retrains()).isEqualTo(model.retrains());
        assertThat(loaded.history()).isEqualTo(model.history());
        assertThat(loaded.weights()).isEqualTo(model.weights());
        double[] row = new double[TRAIN.numFeatures()];
        for (int i = 0; i < 50; i++) {
            assertThat(loaded.probabilities(TRAIN.copyRow(i, row))).isEqualTo(model.probabilities(row));
        }
        // the next removal proceeds identically (the factor is rebuilt from the maintained Hessian, equal up to rounding)
        ForgetReceipt a = model.forget(ForgetRequest.Records.of(ids[5]));
        ForgetReceipt b = loaded.forget(ForgetRequest.Records.of(ids[5]));
        assertThat(b.guarantee()).isEqualTo(a.guarantee());
        assertThat(LogisticGradients.distance(loaded.weights(), model.weights())).isLessThan(1e-9);
        assertThat(loaded.residualBound()).isCloseTo(model.residualBound(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void corruptedModelFilesAreRejected() {
        LogisticModel model = fit(20, LogisticLearner.BudgetPolicy.RETRAIN);
        byte[] bytes = ModelFile.toBytes(model);
        bytes[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes)).isInstanceOf(dev.lethe.model.ModelFileException.class);
    }
}
