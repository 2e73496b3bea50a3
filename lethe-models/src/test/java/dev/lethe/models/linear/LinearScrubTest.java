package dev.lethe.models.linear;

import static dev.lethe.models.ForgottenFeatureValuesTest.AGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.models.ForgottenFeatureValuesTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linear families' private copies of row values (logistic's design matrix, ridge's encoding buffer) are scrubbed at commit. */
class LinearScrubTest {

    @TempDir
    Path dir;

    @Test
    void logisticsDesignMatrixLetsGoOfAForgottenRow() throws IOException {
        Dataset data = ForgottenFeatureValuesTest.data(dir);
        LogisticModel model = (LogisticModel) ModelFamilies.byName("logistic").learner(Map.of(), 3).fit(data);
        int row = 4;
        assertThat(model.designRow(row)).isNotEqualTo(new double[model.designRow(row).length]);
        model.forget(new ForgetRequest.Records(Set.of(data.recordId(row))));
        assertThat(model.designRow(row)).containsOnly(0.0);
        assertThat(model.designRow(row + 1)).isNotEqualTo(new double[model.designRow(row + 1).length]);
    }

    @Test
    void logisticsPreparationKeepsNoMomentOfAForgottenFeature() throws IOException {
        Dataset data = ForgottenFeatureValuesTest.data(dir);
        LogisticModel model = (LogisticModel) ModelFamilies.byName("logistic").learner(Map.of(), 3).fit(data);
        assertThat(model.preparationMoment(1)).isNotZero();
        model.forget(new ForgetRequest.Feature("age"));
        assertThat(model.preparationMoment(1)).isZero();
        assertThat(model.preparationMoment(0)).isNotZero();
        model.forget(new ForgetRequest.Records(Set.of(data.recordId(4))));
        assertThat(model.preparationMoment(1)).isZero();
    }

    @Test
    void ridgesEncodingBufferLetsGoOfAForgottenRow() throws IOException {
        Dataset data = ForgottenFeatureValuesTest.data(dir);
        RidgeModel model = (RidgeModel) ModelFamilies.byName("ridge").learner(Map.of(), 3).fit(data);
        int row = 4;
        model.forget(new ForgetRequest.Records(Set.of(data.recordId(row))));
        assertThat(model.scratch()).doesNotContain(AGE).containsOnly(0.0);
    }
}
