package dev.lethe.models.trees;

import static dev.lethe.models.ForgottenFeatureValuesTest.AGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.models.ForgottenFeatureValuesTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forest's column copy lets go of a forgotten feature's values at commit. */
class ForestScrubTest {

    @TempDir
    Path dir;

    @Test
    void aForgottenFeaturesColumnIsErased() throws IOException {
        Dataset data = ForgottenFeatureValuesTest.data(dir);
        ForestModel model = (ForestModel) ModelFamilies.byName("forest").learner(Map.of(), 3).fit(data);
        assertThat(model.columnValues(1)).contains(AGE);
        model.forget(new ForgetRequest.Feature("age"));
        assertThat(model.columnValues(1)).containsOnly(0.0);
        assertThat(model.columnValues(0)).isNotEqualTo(new double[data.size()]);
    }
}
