package dev.lethe.audit.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.linear.LogisticModel;
import dev.lethe.testing.RandomData;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The retrain oracle on every family on the class path (each family that can fit the data). */
class RetrainOracleTest {

    @TestFactory
    Iterable<DynamicTest> everyFamilyStaysWithinItsGuaranteeOfItsRetrainedSelf() {
        return ModelFamilies.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f))).toList();
    }

    private static void check(ModelFamily family) {
        Dataset data = RandomData.classification(21, 160, 3, 1, 3);
        Dataset split = data.shuffle(5);
        Dataset train = split.select(java.util.stream.IntStream.range(0, 120).toArray());
        Dataset test = split.select(java.util.stream.IntStream.range(120, 160).toArray());
        UnlearnableModel model;
        try {
            model = family.learner(Map.of(), 3).fit(train);
        } catch (LetheException | IllegalArgumentException | UnsupportedOperationException e) {
            train = RandomData.regression(21, 120, 3, 1);
            test = RandomData.regression(22, 40, 3, 1);
            model = family.learner(Map.of(), 3).fit(train);
        }
        long[] ids = train.recordIds();
        var receipt = model.forget(ForgetRequest.Records.of(ids[3], ids[17], ids[40], ids[99]));
        OracleResult r = RetrainOracle.run(family, model, train, test, Set.of());
        assertThat(r.forgotten()).containsExactlyInAnyOrder(ids[3], ids[17], ids[40], ids[99]);
        assertThat(Double.isNaN(r.unlearnedUtility().forgotten())).isFalse();
        assertThat(r.heldOutAgreement()).isBetween(0.0, 1.0);
        if (receipt.guarantee().equals(Guarantee.EXACT)) {
            assertThat(r.exactness().passed()).as(r.exactness().toString()).isTrue();
            assertThat(r.heldOutAgreement()).isEqualTo(1.0);
            assertThat(r.unlearnedUtility().heldOut()).isCloseTo(r.retrainedUtility().heldOut(), within(1e-9));
            if (!model.parameters().isEmpty()) {
                assertThat(r.parameterDistance()).isLessThanOrEqualTo(1e-6 * Math.max(1, norm(model.parameters())));
            }
            return;
        }
        // not exact: what the oracle measures must still obey the bounds that hold whatever the method
        if (Utility.ACCURACY.equals(r.unlearnedUtility().metric())) {
            // two classifiers' accuracies differ by at most the share of rows on which they disagree
            assertThat(Math.abs(r.unlearnedUtility().heldOut() - r.retrainedUtility().heldOut()))
                    .isLessThanOrEqualTo(1 - r.heldOutAgreement() + 1e-12);
        }
        // the forget must move the model towards retraining: within a tenth of its distance before forgetting
        UnlearnableModel original = family.learner(Map.of(), 3).fit(train);
        double before = RetrainOracle.parameterDistance(original.parameters(), r.retrained().parameters());
        assertThat(r.parameterDistance()).isLessThanOrEqualTo(before / 10);
        if (model instanceof LogisticModel unlearned) {
            // λn-strong convexity: both weights lie within ‖∇J‖/(λn) of the optimum on D \ S (Guo et al., ICML 2020)
            LogisticModel retrained = (LogisticModel) r.retrained();
            double allowed = (unlearned.measuredResidual() + retrained.measuredResidual())
                    / (unlearned.options().lambda() * (train.size() - 4));
            assertThat(r.parameterDistance()).isLessThanOrEqualTo(allowed * (1 + 1e-6));
        }
    }

    private static double norm(Map<String, double[]> p) {
        double s = 0;
        for (double[] v : p.values()) {
            for (double x : v) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void utilityIsAccuracyForClassifiers() {
        Dataset data = RandomData.classification(3, 50, 2, 0, 2);
        UnlearnableModel model = ModelFamilies.byName(dev.lethe.audit.testing.KernelFamily.NAME).learner(Map.of("bandwidth", "0.01"), 1).fit(data);
        // a memorising model is right on every training row
        assertThat(RetrainOracle.score(model, data)).isEqualTo(1.0);
        assertThat(Double.isNaN(RetrainOracle.score(model, data.select(new int[0])))).isTrue();
    }

    @Test
    void parameterDistanceIsEuclideanAndUndefinedForMismatchedBlocks() {
        assertThat(RetrainOracle.parameterDistance(Map.of("a", new double[] {3, 0}), Map.of("a", new double[] {0, 4}))).isEqualTo(5.0);
        assertThat(RetrainOracle.parameterDistance(Map.of("a", new double[] {1}), Map.of("b", new double[] {1}))).isNaN();
        assertThat(RetrainOracle.parameterDistance(Map.of(), Map.of())).isNaN();
    }
}
