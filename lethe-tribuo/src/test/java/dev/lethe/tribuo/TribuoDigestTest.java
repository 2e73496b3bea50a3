package dev.lethe.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.DataEdits;
import dev.lethe.testing.RandomData;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Tribuo model's state digest covers the data it was trained on, as every family's does. Two
 * trainings on equal data do not share a digest here: the Tribuo model bytes the digest covers carry
 * Tribuo's provenance, with the training time; a saved and reloaded model keeps its digest.
 */
class TribuoDigestTest {

    private static UnlearnableModel fit(Dataset data) {
        return ModelFamilies.byName("tribuo").learner(Map.of(), 3).fit(data);
    }

    @ParameterizedTest
    @CsvSource({"1, 4, 0", "2, 17, 3", "3, 30, 4"})
    void oneChangedValueChangesTheDigestAndEqualDataGiveEqualDigests(long seed, int row, int column) {
        Dataset data = RandomData.classification(seed, 40, 3, 1, 3);
        UnlearnableModel model = fit(data);
        String digest = model.stateDigest();
        assertThat(ModelFile.fromBytes(ModelFile.toBytes(model)).stateDigest()).isEqualTo(digest);
        assertThat(fit(DataEdits.withOneValueChanged(data, row, column)).stateDigest()).isNotEqualTo(digest);
    }
}
