package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Certified removal on real data: after every removal the gradient of the remaining-data objective,
 * computed independently, is within the reported bound; the weights lie within the distance that
 * strong convexity allows from the retrained optimum; and predictions agree with retraining.
 */
class LogisticCertifiedRemovalTest {

    private static final Guarantee CERTIFIED = Guarantee.certified(1, 1e-5);

    @Test
    void spamRemovalsStayWithinTheirBoundAndNearTheRetrainedOptimum() {
        Dataset.Split split = LogisticTestData.spam().split(0.8, 7);
        checkSequence(split.first(), split.second(), 20, 1e-2, 20);
    }

    @Test
    void mnistThreeVersusEightRemovalsStayWithinTheirBoundAndNearTheRetrainedOptimum() {
        // 1,200 images with pixels in [0, 1]: λ = 0.1 per record keeps single-image Newton steps small
        checkSequence(LogisticTestData.mnistTrain(1200), LogisticTestData.mnistTest(1000), 10, 0.1, 50);
    }

    private static void checkSequence(Dataset train, Dataset test, int removals, double lambda, double sigma) {
        LogisticLearner learner = new LogisticLearner(LogisticTestData.rawDefaults().withSigma(sigma).withLambda(lambda)
                .withPolicy(LogisticLearner.BudgetPolicy.REFUSE), 11);
        LogisticModel model = learner.fit(train);
        assertThat(model.isCertifying()).isTrue();
        assertThat(LogisticGradients.norm(LogisticGradients.gradient(model, train)))
                .as("training residual").isLessThanOrEqualTo(model.residualBound() * (1 + 1e-6) + 1e-9);
        long[] ids = train.shuffle(3).recordIds();
        int next = 0;
        double previousTotal = model.residualBound();
        for (int k = 0; k < removals; k++) {
            // mostly single records, every fifth request a batch of three
            ForgetRequest request = k % 5 == 4 ? ForgetRequest.Records.of(ids[next++], ids[next++], ids[next++])
                    : ForgetRequest.Records.of(ids[next++]);
            ForgetReceipt receipt = model.forget(request);
            assertThat(receipt.guarantee()).isEqualTo(CERTIFIED);
            double step = Double.parseDouble(receipt.details().get("step_bound"));
            double total = Double.parseDouble(receipt.details().get("total_bound"));
            assertThat(total).isCloseTo(previousTotal + step, org.assertj.core.data.Offset.offset(1e-5 * total + 1e-12));
            assertThat(total).isLessThanOrEqualTo(model.budget());
            previousTotal = model.residualBound();
            double actual = LogisticGradients.norm(LogisticGradients.gradient(model, train));
            assertThat(actual).as("‖∇J‖ after removal %d", k).isLessThanOrEqualTo(model.residualBound());
        }
        LogisticModel retrained = learner.fit(model.history().applyTo(train));
        int n = train.size() - model.history().records().size();
        double retrainedResidual = LogisticGradients.norm(LogisticGradients.gradient(retrained, model.history().applyTo(train)));
        double allowed = (model.residualBound() + retrainedResidual) / (learner.options().lambda() * n);
        assertThat(LogisticGradients.distance(model.weights(), retrained.weights()))
                .as("distance to the retrained optimum (strong convexity allows %s)", allowed)
                .isLessThanOrEqualTo(allowed);
        assertThat(Evaluation.agreement(model, retrained, test)).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void aSinglePassPerRemovalChargesItsLargerLinearResidualToTheBound() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        LogisticModel model = new LogisticLearner(LogisticTestData.rawDefaults().withLambda(1e-2).withSigma(20)
                .withRefinements(1).withPolicy(LogisticLearner.BudgetPolicy.REFUSE), 11).fit(train);
        long[] ids = train.shuffle(3).recordIds();
        for (int k = 0; k < 10; k++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(receipt.details()).containsEntry("refinements", "1");
            assertThat(LogisticGradients.norm(LogisticGradients.gradient(model, train))).isLessThanOrEqualTo(model.residualBound());
        }
    }

    @Test
    void withoutPerturbationRemovalsAreApproximateWithTheMeasuredResidual() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        LogisticLearner learner = new LogisticLearner(LogisticTestData.rawDefaults().withEpsilon(Double.POSITIVE_INFINITY), 5);
        LogisticModel model = learner.fit(train);
        assertThat(model.perturbation()).containsOnly(0.0);
        long[] ids = train.shuffle(9).recordIds();
        for (int k = 0; k < 5; k++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.APPROXIMATE);
            double measured = Double.parseDouble(receipt.details().get("measured_residual"));
            double actual = LogisticGradients.norm(LogisticGradients.gradient(model, train));
            assertThat(measured).isCloseTo(actual, org.assertj.core.data.Offset.offset(1e-5 * actual + 1e-9));
            assertThat(actual).isLessThanOrEqualTo(model.residualBound());
        }
    }

    @Test
    void aSubjectRequestRemovesAllItsRecordsInOneCertifiedStep() {
        Dataset train = LogisticTestData.spam().split(0.8, 7).first();
        long[] ids = train.shuffle(1).recordIds();
        LogisticModel model = new LogisticLearner(LogisticTestData.rawDefaults().withSigma(20).withLambda(1e-2), 3).fit(train);
        ForgetReceipt receipt = model.forget(new ForgetRequest.Records(Set.of(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5])));
        assertThat(receipt.recordCount()).isEqualTo(6);
        assertThat(receipt.guarantee()).isEqualTo(CERTIFIED);
        assertThat(LogisticGradients.norm(LogisticGradients.gradient(model, train))).isLessThanOrEqualTo(model.residualBound());
    }
}
