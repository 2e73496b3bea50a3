package dev.lethe.models.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForestFamilyTest {

    private final ModelFamily family = ModelFamilies.byName("forest");

    @Test
    void isRegisteredAndItsSettingsRoundTrip() {
        assertThat(family).isInstanceOf(ForestFamily.class);
        Learner<?> learner = family.learner(Map.of("trees", "7", "q", "0.3", "criterion", "entropy", "topd", "2"), 9);
        Learner<?> again = family.learner(learner.settings(), learner.seed());
        assertThat(again.settings()).isEqualTo(learner.settings());
        assertThat(((ForestLearner) again).options()).isEqualTo(((ForestLearner) learner).options());
        assertThat(((ForestLearner) learner).options().treesPerRecord()).isEqualTo(3);
    }

    @Test
    void rejectsBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> family.learner(Map.of("tree", "5"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'tree'");
        assertThatThrownBy(() -> family.learner(Map.of("q", "0"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'q'").hasMessageContaining("0");
        assertThatThrownBy(() -> family.learner(Map.of("k", "0"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> family.learner(Map.of("criterion", "variance"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("variance");
        Dataset regression = RandomData.regression(1, 50, 2, 1);
        assertThatThrownBy(() -> family.learner(Map.of("criterion", "gini"), 1).fit(regression))
                .isInstanceOf(OptionsException.class).hasMessageContaining("gini");
    }

    @Test
    void verifyChecksInvariantsAndAgreesWithRetraining() {
        Dataset data = RandomData.classification(3, 300, 4, 2, 3);
        UnlearnableModel model = family.learner(Map.of("trees", "12", "q", "0.5", "maxDepth", "8"), 5).fit(data);
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(receipt.details()).containsEntry("trees_touched", "6");
        model.forget(new ForgetRequest.Subject(data.subjectId(10)));
        model.forget(new ForgetRequest.Feature("x1"));
        model.forget(new ForgetRequest.Relabel(Map.of(data.recordId(20), "class2")));
        ExactnessReport report = family.verify(model, data);
        assertThat(report.passed()).as(report.note()).isTrue();
        assertThat(report.maxOutputDifference()).isZero();
        assertThat(report.disagreements()).isZero();
        assertThat(report.maxParameterDifference()).isZero();
        assertThat(report.rowsCompared()).isEqualTo(data.size());
        assertThat(report.note()).contains("invariants: all hold").contains("accuracy");
        assertThatThrownBy(() -> family.verify(model, RandomData.classification(4, 300, 4, 2, 3)))
                .isInstanceOf(DataException.class).hasMessageContaining("fingerprint");
    }

    @Test
    void verifyReportsAccuracyThroughEvaluationInEveryLocale() {
        Dataset data = RandomData.classification(5, 120, 2, 1, 2);
        UnlearnableModel model = family.learner(Map.of("trees", "5"), 3).fit(data);
        model.forget(ForgetRequest.Records.of(data.recordId(0)));
        double expected = dev.lethe.model.Evaluation.of(model, data.withoutRecords(id -> id == data.recordId(0))).accuracy();
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            String note = family.verify(model, data).note();
            assertThat(note).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f forgetting", expected));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void regressionForestsForgetAndVerify() {
        Dataset data = RandomData.regression(4, 200, 3, 1);
        UnlearnableModel model = family.learner(Map.of("trees", "10", "q", "0.4", "minSamplesLeaf", "3"), 2).fit(data);
        model.forget(ForgetRequest.Records.of(data.recordId(1), data.recordId(2), data.recordId(3)));
        model.forget(new ForgetRequest.Relabel(Map.of(data.recordId(5), "12.5")));
        ExactnessReport report = family.verify(model, data);
        assertThat(report.passed()).as(report.note()).isTrue();
        assertThat(report.note()).contains("RMSE");
        assertThatThrownBy(() -> model.probabilities(data.row(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void modelFilesSurviveSaveAndLoadAndRejectCorruption(@TempDir Path dir) throws Exception {
        Dataset data = RandomData.classification(8, 150, 3, 1, 2);
        UnlearnableModel model = family.learner(Map.of("trees", "5"), 3).fit(data);
        model.forget(ForgetRequest.Records.of(data.recordId(4)));
        Path file = dir.resolve("forest.lethe");
        ModelFile.save(model, file);
        UnlearnableModel loaded = ModelFile.load(file);
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        for (int i = 0; i < data.size(); i++) {
            assertThat(loaded.probabilities(data.row(i))).containsExactly(model.probabilities(data.row(i)));
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 100);
        assertThatThrownBy(() -> ModelFile.fromBytes(cut)).isInstanceOf(ModelFileException.class);
        bytes[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes)).isInstanceOf(ModelFileException.class);
    }

    @Test
    void theGreedyBaselineLearnsAndIsDeterministic() {
        Dataset data = DatasetReader.read(RepositoryData.path("mlbench_PimaIndiansDiabetes.csv.gz"),
                ReadOptions.label("diabetes")).dataset();
        Dataset.Split split = data.split(0.75, 1);
        GreedyForest a = GreedyForest.fit(split.first(), 30, 10, 1, 7);
        GreedyForest b = GreedyForest.fit(split.first(), 30, 10, 1, 7);
        int right = 0;
        int[] counts = new int[2];
        for (int i = 0; i < split.second().size(); i++) {
            double[] row = split.second().row(i);
            assertThat(a.probabilities(row)).containsExactly(b.probabilities(row));
            right += a.predict(row) == split.second().label(i) ? 1 : 0;
            counts[split.second().label(i)]++;
        }
        assertThat(right).as("correct of %s", java.util.Arrays.toString(counts))
                .isGreaterThan(Math.max(counts[0], counts[1]) + split.second().size() / 20);
    }
}
