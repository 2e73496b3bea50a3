package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFile;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Ridge models forget exactly: after every request they equal a model retrained on what remains. */
class RidgeModelTest {

    private static final double TOLERANCE = 1e-8;
    private static final double[] LAMBDAS = {0.01, 1, 100};

    @Property(tries = 40)
    void regressionMatchesRetrainingAfterEveryRequest(@ForAll long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.regression(seed, 20 + r.nextInt(130), 1 + r.nextInt(4), r.nextInt(4));
        forgetRandomly(seed, data, new RidgeLearner(new RidgeLearner.Options(LAMBDAS[r.nextInt(LAMBDAS.length)]), seed));
    }

    @Property(tries = 40)
    void classifierMatchesRetrainingAfterEveryRequest(@ForAll long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 20 + r.nextInt(130), 1 + r.nextInt(4), r.nextInt(4), 2 + r.nextInt(3));
        forgetRandomly(seed, data, new RidgeLearner(new RidgeLearner.Options(LAMBDAS[r.nextInt(LAMBDAS.length)]), seed));
    }

    private static void forgetRandomly(long seed, Dataset data, RidgeLearner learner) {
        RidgeModel model = learner.fit(data);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        RequestSequence requests = new RequestSequence(seed ^ 0x9E3779B97F4A7C15L);
        for (int step = 0; step < 15; step++) {
            ForgetRequest request = requests.next(model.records());
            if (request == null) {
                break;
            }
            String before = model.stateDigest();
            ForgetReceipt receipt = model.forget(request);
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
            if (receipt.recordCount() > 0 || request instanceof ForgetRequest.Feature) {
                assertThat(receipt.details()).containsKey("refactorised");
            }
            assertThat(receipt.digestBefore()).isEqualTo(before);
            Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
            if (requests.random().nextInt(8) == 0) {
                model = (RidgeModel) ModelFile.fromBytes(ModelFile.toBytes(model));
                assertThat(model.stateDigest()).isEqualTo(receipt.digestAfter());
            }
        }
    }
}
