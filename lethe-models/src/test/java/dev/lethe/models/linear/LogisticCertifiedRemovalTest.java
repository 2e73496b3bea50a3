package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import org.junit.jupiter.api.Test;

class LogisticCertifiedRemovalTest {

    @Test
    void spamRemovalsStayWithinTheirBoundAndNearRetraining() {
        Dataset.Split split = LogisticTestData.spam().split(0.8, 7);
        Dataset train = split.first();
        LogisticLearner learner = new LogisticLearner(LogisticLearner.Options.defaults().withSigma(10), 11);
        LogisticModel model = learner.fit(train);
        long[] ids = train.shuffle(3).recordIds();
        for (int k = 0; k < 20; k++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[k]));
            double actual = LogisticGradients.norm(LogisticGradients.gradient(model, train));
            System.out.println(receipt.guarantee() + " " + receipt.details() + " actual=" + actual);
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
            assertThat(actual).isLessThanOrEqualTo(model.residualBound());
        }
    }
}
