package dev.lethe.models.neighbours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnnFamilyTest {

    @Test
    void isRegisteredAsKnn() {
        ModelFamily family = ModelFamilies.byName("knn");
        assertThat(family).isInstanceOf(KnnFamily.class);
        assertThat(family.description()).contains("nearest");
    }

    @Test
    void settingsRoundTripThroughTheFamily() {
        KnnLearner learner = new KnnLearner(new KnnLearner.Options(7, KnnLearner.Weighting.DISTANCE), 42);
        Learner<?> again = new KnnFamily().learner(learner.settings(), learner.seed());
        assertThat(again).isInstanceOfSatisfying(KnnLearner.class, l -> {
            assertThat(l.options()).isEqualTo(learner.options());
            assertThat(l.seed()).isEqualTo(42);
        });
        assertThat(((KnnLearner) new KnnFamily().learner(Map.of(), 1)).options()).isEqualTo(new KnnLearner.Options());
        assertThat(new KnnLearner.Options().k()).isEqualTo(5);
        assertThat(new KnnLearner.Options(3, null).weighting()).isEqualTo(KnnLearner.Weighting.UNIFORM);
    }

    @Test
    void badSettingsAreRefusedWithTheActualValue() {
        KnnFamily family = new KnnFamily();
        assertThatThrownBy(() -> family.learner(Map.of("k", "0"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'k'").hasMessageContaining("got 0");
        assertThatThrownBy(() -> family.learner(Map.of("k", "five"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'five'");
        assertThatThrownBy(() -> family.learner(Map.of("weighting", "gaussian"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'gaussian'").hasMessageContaining("distance").hasMessageContaining("uniform");
        assertThatThrownBy(() -> family.learner(Map.of("kk", "3"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'kk'");
        assertThatThrownBy(() -> new KnnLearner.Options(-2, KnnLearner.Weighting.UNIFORM)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("got -2");
    }

    @Property(tries = 25)
    void aSavedModelLoadsEqualAndKeepsForgettingExactly(@ForAll long seed, @ForAll @IntRange(min = 5, max = 120) int rows,
                                                      @ForAll boolean classification) {
        Random r = new Random(seed);
        Dataset data = classification ? RandomData.classification(seed, rows, 2, 2, 3) : RandomData.regression(seed, rows, 2, 2);
        KnnLearner learner = KnnModelTest.learner(1 + r.nextInt(6), r.nextBoolean(), seed);
        KnnModel model = learner.fit(data);
        forgetSome(model, r, 3);

        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded).isInstanceOf(KnnModel.class);
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.history()).isEqualTo(model.history());
        assertThat(loaded.provenance()).usingRecursiveComparison().ignoringFields("trainedAt").isEqualTo(model.provenance());
        for (int i = 0; i < data.size(); i++) {
            assertThat(loaded.predict(data.row(i))).isEqualTo(model.predict(data.row(i)));
        }
        forgetSome((KnnModel) loaded, r, 3);
        Exactness.assertMatchesRetrained((KnnModel) loaded, learner, data, 1e-9);
        ExactnessReport report = new KnnFamily().verify((KnnModel) loaded, data);
        assertThat(report.passed()).as(report.toString()).isTrue();
        Requests.requireMostAccepted();
    }

    @Test
    void savesToAFileAndLoadsIt(@TempDir Path dir) {
        Dataset data = RandomData.classification(3, 200, 3, 1, 2);
        KnnModel model = KnnModelTest.learner(5, false, 3).fit(data);
        model.forget(new ForgetRequest.Feature("x1"));
        model.forget(ForgetRequest.Records.of(data.recordId(0), data.recordId(1)));
        Path file = dir.resolve("knn.lethe");
        ModelFile.save(model, file);
        UnlearnableModel loaded = ModelFile.load(file);
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(KnnModelTest.allProbabilities((KnnModel) loaded, data)).isDeepEqualTo(KnnModelTest.allProbabilities(model, data));
    }

    @Test
    void refusesAnUnknownStateVersion() {
        KnnModel model = KnnModelTest.learner(5, false, 3).fit(RandomData.classification(3, 20, 1, 1, 2));
        byte[] bytes = ModelFile.toBytes(model);
        assertThatThrownBy(() -> new KnnFamily().read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)), 9))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("version 9");
    }

    private static void forgetSome(KnnModel model, Random r, int count) {
        for (int i = 0; i < count; i++) {
            Requests.forgetOrRefuse(model, Requests.random(model.records(), r));
        }
    }
}
