package dev.lethe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A finite but huge value (1e200, 1e308) overflows squares and sums of squares: every family refuses
 * it at training time, naming the column and the record, instead of writing a model that cannot be
 * loaded, crashing, or blaming a setting. Large values that do not overflow still train and load.
 */
class HugeValuesTest {

    private static final long HUGE_RECORD = 1017;

    /** 40 rows of two numeric features and a category; record {@value #HUGE_RECORD} holds {@code huge} in 'size' (or the target). */
    static Dataset data(Task task, double huge, boolean inTarget) {
        Random r = new Random(3);
        Schema schema = new Schema(List.of(Attribute.numeric("x"), Attribute.numeric("size"),
                Attribute.categorical("city", List.of("Basel", "Bern"))),
                task == Task.CLASSIFICATION ? Attribute.categorical("y", List.of("no", "yes")) : Attribute.numeric("y"), task);
        int n = 40;
        double[] values = new double[n * 3];
        double[] targets = new double[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            values[3 * i] = r.nextGaussian();
            values[3 * i + 1] = ids[i] == HUGE_RECORD && !inTarget ? huge : r.nextGaussian() * 10;
            values[3 * i + 2] = i % 2;
            targets[i] = task == Task.CLASSIFICATION ? (values[3 * i] > 0 ? 1 : 0) : values[3 * i] * 3 + r.nextGaussian();
            if (ids[i] == HUGE_RECORD && inTarget) {
                targets[i] = huge;
            }
        }
        return Dataset.of(schema, values, targets, ids, null);
    }

    @ParameterizedTest
    @CsvSource({"nb,1e200", "nb,1e308", "nb,-1e200", "knn,1e200", "knn,1e308", "forest,1e308", "forest,1e200",
            "ridge,1e200", "ridge,-1e308", "logistic,1e200", "logistic,1e308", "sisa,1e200"})
    void aFeatureValueWhoseSquareOverflowsIsRefusedNamingColumnAndRecord(String name, double huge) {
        ModelFamily family = ModelFamilies.byName(name);
        Dataset data = data(Task.CLASSIFICATION, huge, false);
        assertThatThrownBy(() -> family.learner(Map.of(), 1).fit(data))
                .isInstanceOf(DataException.class).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("column 'size'").hasMessageContaining("record " + HUGE_RECORD)
                .hasMessageContaining("too large").hasMessageNotContaining("lambda").hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "forest", "ridge"})
    void aRegressionTargetWhoseSquareOverflowsIsRefused(String name) {
        Dataset data = data(Task.REGRESSION, 1e200, true);
        assertThatThrownBy(() -> ModelFamilies.byName(name).learner(Map.of(), 1).fit(data))
                .isInstanceOf(DataException.class).hasMessageContaining("column 'y'").hasMessageContaining("record " + HUGE_RECORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn", "forest", "ridge", "sisa"})
    void largeValuesThatDoNotOverflowTrainAndLoad(String name) {
        Dataset data = data(Task.CLASSIFICATION, 1e100, false);
        UnlearnableModel model = ModelFamilies.byName(name).learner(Map.of(), 1).fit(data);
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        for (int i = 0; i < data.size(); i++) {
            double[] p = model.probabilities(data.row(i));
            assertThat(loaded.probabilities(data.row(i))).containsExactly(p);
            assertThat(java.util.Arrays.stream(p).allMatch(Double::isFinite)).isTrue();
            assertThat(Double.isFinite(model.predict(data.row(i)))).isTrue();
        }
    }
}
