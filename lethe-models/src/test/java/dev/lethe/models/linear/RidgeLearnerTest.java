package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.OptionsException;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RidgeLearnerTest {

    @Test
    void optionsRejectNonPositiveOrInfiniteLambda() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new RidgeLearner.Options(bad)).isInstanceOf(OptionsException.class)
                    .hasMessageContaining("lambda").hasMessageContaining(String.valueOf(bad));
        }
        assertThat(new RidgeLearner.Options().lambda()).isEqualTo(1.0);
    }

    @Test
    void settingsRoundTripThroughTheFamily() {
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options(0.125), 7);
        RidgeLearner back = (RidgeLearner) new RidgeFamily().learner(learner.settings(), learner.seed());
        assertThat(back.options()).isEqualTo(learner.options());
        assertThat(back.seed()).isEqualTo(7);
    }

    @Test
    void isRegisteredAsAPlugIn() {
        assertThat(ModelFamilies.byName("ridge")).isInstanceOf(RidgeFamily.class);
        assertThat(new RidgeFamily().exactnessTolerance()).isEqualTo(1e-8);
    }

    @Test
    void familyRejectsUnknownAndInvalidSettings() {
        RidgeFamily family = new RidgeFamily();
        assertThatThrownBy(() -> family.learner(Map.of("lamda", "2"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("lamda");
        assertThatThrownBy(() -> family.learner(Map.of("lambda", "0"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> family.learner(Map.of("lambda", "much"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("much");
    }

    @Test
    void recoversAnExactLinearFunctionWhenThePenaltyIsNegligible() {
        Schema schema = new Schema(List.of(Attribute.numeric("a"), Attribute.categorical("c", List.of("p", "q", "r"))),
                Attribute.numeric("y"), Task.REGRESSION);
        int n = 200;
        double[] values = new double[2 * n];
        double[] targets = new double[n];
        long[] ids = new long[n];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            values[2 * i] = r.nextGaussian();
            values[2 * i + 1] = r.nextInt(3);
            double level = new double[] {1, -2, 0.5}[(int) values[2 * i + 1]];
            targets[i] = 4 + 3 * values[2 * i] + level;
            ids[i] = i;
        }
        Dataset data = Dataset.of(schema, values, targets, ids, null);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options(1e-9)).fit(data);
        for (int i = 0; i < n; i++) {
            assertThat(model.predict(data.row(i))).isCloseTo(targets[i], within(1e-6));
        }
        assertThat(model.parameters().get("a")[0]).isCloseTo(3, within(1e-6));
        assertThat(model.parameters()).containsKeys("intercept", "c=p", "c=q", "c=r");
    }

    @Test
    void aClassWithoutRowsKeepsAZeroScoreColumn() {
        Dataset data = RandomData.classification(5, 80, 2, 1, 3);
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options());
        RidgeModel model = learner.fit(data);
        model.forget(new ForgetRequest.ClassLabel("class1"));
        for (double[] block : model.parameters().values()) {
            assertThat(block).hasSize(3);
            assertThat(Math.abs(block[1])).isLessThan(1e-12);
        }
        Exactness.assertMatchesRetrained(model, learner, data, 1e-8);
        for (int i = 0; i < data.size(); i++) {
            assertThat(model.probabilities(data.row(i))).hasSize(3);
        }
    }

    @Test
    void fitsDiamondPricesWell() {
        Dataset diamonds = RepositoryData.read("ggplot2_diamonds.csv.gz", ReadOptions.label("price"));
        assertThat(diamonds.schema().task()).isEqualTo(Task.REGRESSION);
        Dataset.Split split = diamonds.split(0.8, 11);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options()).fit(split.first());
        Dataset test = split.second();
        double mean = 0;
        for (int i = 0; i < test.size(); i++) {
            mean += test.target(i) / test.size();
        }
        double residual = 0;
        double total = 0;
        for (int i = 0; i < test.size(); i++) {
            double e = test.target(i) - model.predict(test.row(i));
            residual += e * e;
            total += (test.target(i) - mean) * (test.target(i) - mean);
        }
        double r2 = 1 - residual / total;
        assertThat(r2).as("held-out R² of a linear price model").isGreaterThan(0.88);
    }

    @Test
    void classifiesPimaDiabetesBetterThanTheMajorityClass() {
        Dataset pima = RepositoryData.read("mlbench_PimaIndiansDiabetes.csv.gz", ReadOptions.label("diabetes"));
        Dataset.Split split = pima.split(0.75, 3);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options()).fit(split.first());
        Dataset test = split.second();
        int correct = 0;
        int[] counts = new int[2];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
            if (model.predict(test.row(i)) == test.label(i)) {
                correct++;
            }
        }
        double accuracy = correct / (double) test.size();
        double majority = Math.max(counts[0], counts[1]) / (double) test.size();
        assertThat(accuracy).as("held-out accuracy (majority class %.3f)", majority).isGreaterThan(0.72)
                .isGreaterThan(majority + 0.05);
    }
}
