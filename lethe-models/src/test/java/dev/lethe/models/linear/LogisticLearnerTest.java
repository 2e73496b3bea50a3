package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.OptionsException;
import dev.lethe.testing.RandomData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogisticLearnerTest {

    private final ModelFamily family = ModelFamilies.byName("logistic");

    @Test
    void settingsRoundTripThroughTheFamily() {
        LogisticLearner.Options options = new LogisticLearner.Options(0.02, Double.POSITIVE_INFINITY, 1e-6, 3, 1e-11, 40,
                LogisticLearner.BudgetPolicy.REFUSE, LogisticLearner.Update.FIRST_ORDER, 0.5, 3);
        LogisticLearner learner = new LogisticLearner(options, 9);
        LogisticLearner again = (LogisticLearner) family.learner(learner.settings(), 9);
        assertThat(again.options()).isEqualTo(options);
        assertThat(((LogisticLearner) family.learner(Map.of(), 1)).options()).isEqualTo(LogisticLearner.Options.defaults());
    }

    @Test
    void badSettingsNameTheValue() {
        assertThatThrownBy(() -> family.learner(Map.of("lambda", "-1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("lambda").hasMessageContaining("-1");
        assertThatThrownBy(() -> family.learner(Map.of("budget-policy", "ignore"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("ignore");
        assertThatThrownBy(() -> family.learner(Map.of("lamda", "1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("lamda");
        assertThatThrownBy(() -> new LogisticLearner.Options(1, 1, 1.5, 1, 1e-9, 10, LogisticLearner.BudgetPolicy.RETRAIN,
                LogisticLearner.Update.SECOND_ORDER, 0, 8)).isInstanceOf(OptionsException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> LogisticLearner.Options.defaults().withRefinements(0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("refinements");
    }

    @Test
    void theBudgetFollowsGuoEtAlsGaussianMechanism() {
        LogisticLearner.Options o = LogisticLearner.Options.defaults().withSigma(10);
        double c = Math.sqrt(2 * Math.log(1.5 / 1e-5));
        assertThat(o.budget()).isCloseTo(10 * 1 / c, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.withEpsilon(Double.POSITIVE_INFINITY).budget()).isInfinite();
    }

    @Test
    void sameSeedSameModelAndTheSeedDrivesThePerturbation() {
        Dataset data = RandomData.classification(3, 200, 4, 2, 2);
        LogisticLearner.Options o = LogisticLearner.Options.defaults();
        LogisticModel a = new LogisticLearner(o, 5).fit(data);
        LogisticModel b = new LogisticLearner(o, 5).fit(data);
        LogisticModel c = new LogisticLearner(o, 6).fit(data);
        assertThat(a.weights()).isEqualTo(b.weights());
        assertThat(a.perturbation()).isEqualTo(b.perturbation()).isNotEqualTo(c.perturbation());
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest()).isNotEqualTo(c.stateDigest());
        assertThat(a.measuredResidual() / data.size()).isLessThanOrEqualTo(o.tolerance());
    }

    @Test
    void multinomialModelsPredictEveryClassAndSayTheirGuaranteeIsApproximate() {
        Dataset data = RandomData.classification(8, 300, 4, 1, 3);
        LogisticModel model = new LogisticLearner(LogisticLearner.Options.defaults(), 2).fit(data);
        assertThat(model.isBinary()).isFalse();
        assertThat(model.isCertifying()).isFalse();
        double[] p = model.probabilities(data.row(0));
        assertThat(p).hasSize(3);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
        var receipt = model.forget(dev.lethe.model.ForgetRequest.Records.of(data.recordId(0)));
        assertThat(receipt.guarantee()).isEqualTo(dev.lethe.model.Guarantee.APPROXIMATE);
        assertThat(receipt.details()).containsKey("measured_residual").containsKey("note");
        assertThat(Double.parseDouble(receipt.details().get("measured_residual"))).isCloseTo(model.measuredResidual(),
                org.assertj.core.data.Offset.offset(1e-6 * model.measuredResidual() + 1e-12));
    }

    @Test
    void multinomialModelsWithAForgottenFeatureRoundTripThroughModelFiles() {
        Dataset data = RandomData.classification(12, 200, 3, 2, 3);
        LogisticModel model = new LogisticLearner(LogisticLearner.Options.defaults(), 4).fit(data);
        model.forget(new dev.lethe.model.ForgetRequest.Feature("cat0"));
        model.forget(dev.lethe.model.ForgetRequest.Records.of(data.recordId(3), data.recordId(9)));
        LogisticModel loaded = (LogisticModel) dev.lethe.model.ModelFile.fromBytes(dev.lethe.model.ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.parameters().keySet()).isEqualTo(model.parameters().keySet()).doesNotContain("cat0");
        for (int i = 0; i < 20; i++) {
            assertThat(loaded.probabilities(data.row(i))).isEqualTo(model.probabilities(data.row(i)));
        }
        assertThat(loaded.measuredResidual()).isCloseTo(model.measuredResidual(),
                org.assertj.core.data.Offset.offset(1e-9 * (1 + model.measuredResidual())));
    }

    @Test
    void regressionTargetsAreRejected() {
        Dataset data = RandomData.regression(1, 50, 2, 0);
        assertThatThrownBy(() -> new LogisticLearner(LogisticLearner.Options.defaults(), 1).fit(data))
                .isInstanceOf(DataException.class).hasMessageContaining("numeric");
    }
}
