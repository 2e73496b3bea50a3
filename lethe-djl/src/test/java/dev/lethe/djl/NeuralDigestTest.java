package dev.lethe.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.DataEdits;
import dev.lethe.testing.RandomData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A neural model's state digest covers the data it was trained on, as every family's does. */
class NeuralDigestTest {

    private static UnlearnableModel fit(Dataset data) {
        return ModelFamilies.byName("mlp").learner(NeuralLearnerTest.small("epochs", "1"), 3).fit(data);
    }

    @ParameterizedTest
    @CsvSource({"1, 4, 0", "2, 17, 4"})
    void oneChangedValueChangesTheDigestAndEqualDataGiveEqualDigests(long seed, int row, int column) {
        Dataset data = RandomData.classification(seed, 40, 3, 1, 3);
        String digest = fit(data).stateDigest();
        assertThat(fit(DataEdits.rebuilt(data)).stateDigest()).isEqualTo(digest);
        assertThat(fit(DataEdits.withOneValueChanged(data, row, column)).stateDigest()).isNotEqualTo(digest);
    }
}
