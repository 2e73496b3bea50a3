package dev.lethe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.Task;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule for every family: a request that would remove every remaining record (the last records,
 * or the last class) is refused, naming the way out, and leaves the model exactly as it was; a
 * learner refuses to train on no rows.
 */
class LastRecordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn", "forest", "ridge", "logistic", "sisa"})
    void forgettingEveryRemainingRecordIsRefusedAndChangesNothing(String name) {
        Dataset data = HugeValuesTest.data(Task.CLASSIFICATION, 1, false);
        UnlearnableModel model = ModelFamilies.byName(name).learner(Map.of(), 2).fit(data);
        Set<Long> all = new HashSet<>();
        for (long id : data.recordIds()) {
            all.add(id);
        }
        all.remove(data.recordId(0));
        ForgetReceipt most = model.forget(new ForgetRequest.Records(all));
        assertThat(most.recordCount()).isEqualTo(data.size() - 1);
        double prediction = model.predict(data.row(0)); // first: a forest settles deferred work as it predicts
        String digest = model.stateDigest();
        byte[] bytes = ModelFile.toBytes(model);

        assertRefused(model, ForgetRequest.Records.of(data.recordId(0)));
        assertRefused(model, new ForgetRequest.ClassLabel(model.schema().classes().get(data.label(0))));
        assertThat(model.stateDigest()).isEqualTo(digest);
        assertThat(ModelFile.toBytes(model)).isEqualTo(bytes);
        assertThat(model.predict(data.row(0))).isEqualTo(prediction);
    }

    private static void assertRefused(UnlearnableModel model, ForgetRequest request) {
        assertThatThrownBy(() -> model.forget(request)).isInstanceOf(ForgetException.class)
                .hasMessageContaining("would remove all 1 remaining training records")
                .hasMessageContaining("delete the model instead")
                .satisfies(e -> assertThat(((LetheException) e).kind()).isEqualTo(LetheException.Kind.REFUSED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn", "forest", "ridge", "logistic", "sisa"})
    void learnersRefuseToTrainOnNoRows(String name) {
        Dataset empty = HugeValuesTest.data(Task.CLASSIFICATION, 1, false).select(new int[0]);
        assertThatThrownBy(() -> ModelFamilies.byName(name).learner(Map.of(), 2).fit(empty))
                .isInstanceOf(dev.lethe.model.InvalidInputException.class);
    }
}
