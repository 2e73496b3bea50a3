package dev.lethe.models.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NaiveBayesLearnerTest {

    /** Two numeric features and one categorical (three levels, the last unused), two classes. */
    private static Dataset tiny() {
        Schema schema = new Schema(List.of(Attribute.numeric("a"), Attribute.numeric("b"),
                Attribute.categorical("c", List.of("u", "v", "w"))), Attribute.categorical("y", List.of("no", "yes")),
                Task.CLASSIFICATION);
        double[] values = {
            1, 10, 0,
            2, 10, 1,
            3, 10, 0,
            10, 20, 1,
            14, 30, 1,
        };
        double[] targets = {0, 0, 0, 1, 1};
        return Dataset.of(schema, values, targets, new long[] {1, 2, 3, 4, 5}, null);
    }

    @Test
    void estimatesMatchTheTextbookFormulas() {
        NaiveBayesLearner learner = new NaiveBayesLearner(new NaiveBayesLearner.Options(0.5, 1e-2), 0);
        NaiveBayesModel model = learner.fit(tiny());
        Map<String, double[]> p = model.parameters();
        assertThat(p.get("prior")).containsExactly(0.6, 0.4);
        assertThat(p.get("mean/a")).containsExactly(2, 12);
        assertThat(p.get("mean/b")).containsExactly(10, 25);
        // overall variances: a over {1,2,3,10,14} = 26, b over {10,10,10,20,30} = 64 → ε = 0.01 × 64
        double epsilon = 0.64;
        assertThat(p.get("var/a")[0]).isCloseTo(2.0 / 3 + epsilon, within(1e-14));
        assertThat(p.get("var/a")[1]).isCloseTo(4 + epsilon, within(1e-14));
        assertThat(p.get("var/b")).containsExactly(epsilon, 25 + epsilon);
        // class "no": u twice, v once; w is in no record, so the dictionary (and the smoothing) holds
        // u and v only, as for data that never had w: (count + 0.5) / (3 + 2 × 0.5)
        assertThat(p.get("levels/c")).usingComparatorWithPrecision(1e-15)
                .containsExactly(2.5 / 4, 1.5 / 4, 0.5 / 4, 0.5 / 3, 2.5 / 3, 0.5 / 3);
        assertThat(model.schema().feature(2).liveLevels()).containsExactly("u", "v");

        double[] row = {4, 12, 2};
        double[] log = new double[2];
        for (int k = 0; k < 2; k++) {
            log[k] = Math.log(p.get("prior")[k]) + gaussian(row[0], p.get("mean/a")[k], p.get("var/a")[k])
                    + gaussian(row[1], p.get("mean/b")[k], p.get("var/b")[k]) + Math.log(p.get("levels/c")[k * 3 + 2]);
        }
        double yes = 1 / (1 + Math.exp(log[0] - log[1]));
        assertThat(model.probabilities(row)).usingComparatorWithPrecision(1e-12).containsExactly(1 - yes, yes);
        assertThat(model.predict(row)).isEqualTo(yes > 0.5 ? 1 : 0);
    }

    private static double gaussian(double x, double mean, double variance) {
        return -0.5 * Math.log(2 * Math.PI * variance) - (x - mean) * (x - mean) / (2 * variance);
    }

    @Test
    void constantNumericFeaturesStillGiveProperGaussians() {
        Dataset data = tiny().withoutRecords(id -> id >= 4).withoutFeatures(List.of("a"));
        NaiveBayesModel model = new NaiveBayesLearner().fit(data);
        // b is 10 on every remaining row: ε falls back to varSmoothing × 1
        assertThat(model.parameters().get("var/b")).containsExactly(1e-9, 1e-9);
        assertThat(model.probabilities(new double[] {10, 0})).containsExactly(1, 0);
    }

    @Test
    void regressionDataIsRefused() {
        Dataset data = RandomData.regression(1, 30, 2, 1);
        assertThatThrownBy(() -> new NaiveBayesLearner().fit(data)).isInstanceOf(DataException.class)
                .hasMessageContaining("classifier").hasMessageContaining("'y' is numeric");
        assertThatThrownBy(() -> ModelFamilies.byName("nb").learner(Map.of(), 0).fit(data))
                .isInstanceOf(DataException.class);
    }

    @Test
    void emptyDataIsRefused() {
        Dataset data = RandomData.classification(1, 10, 1, 0, 2).select(new int[0]);
        assertThatThrownBy(() -> new NaiveBayesLearner().fit(data)).isInstanceOf(DataException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void fittingIsDeterministicAndOrderIndependentUpToRounding() {
        Dataset data = RandomData.classification(6, 500, 3, 2, 3);
        NaiveBayesModel a = new NaiveBayesLearner().fit(data);
        NaiveBayesModel b = new NaiveBayesLearner().fit(data);
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest());
        NaiveBayesModel shuffled = new NaiveBayesLearner().fit(data.shuffle(99));
        Map<String, double[]> pa = a.parameters();
        Map<String, double[]> ps = shuffled.parameters();
        assertThat(ps.keySet()).isEqualTo(pa.keySet());
        pa.forEach((key, value) -> assertThat(ps.get(key)).as(key).usingComparatorWithPrecision(1e-13).containsExactly(value));
    }

    @Test
    void classifiesPimaIndiansDiabetesSensiblyAndForgetsExactly() {
        Dataset data = DatasetReader.read(RepositoryData.path("mlbench_PimaIndiansDiabetes.csv.gz"),
                ReadOptions.label("diabetes")).dataset();
        assertThat(data.size()).isEqualTo(768);
        Dataset.Split split = data.split(0.7, 2024);
        NaiveBayesLearner learner = new NaiveBayesLearner();
        NaiveBayesModel model = learner.fit(split.first());
        assertThat(Evaluation.of(model, split.second()).accuracy()).as("held-out accuracy").isGreaterThan(0.70);

        long[] ids = split.first().recordIds();
        model.forget(ForgetRequest.Records.of(Arrays.copyOf(ids, 50)));
        model.forget(new ForgetRequest.Feature("insulin"));
        model.forget(new ForgetRequest.Relabel(Map.of(ids[60], "pos", ids[61], "neg")));
        Exactness.assertMatchesRetrained(model, learner, split.first(), 1e-9);
        assertThat(Evaluation.of(model, split.second()).accuracy()).as("held-out accuracy after forgetting").isGreaterThan(0.70);
    }
}
