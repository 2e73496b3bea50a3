package dev.lethe.models.trees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ForgetRequest;
import dev.lethe.testing.RepositoryData;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Utility after forgetting on real data (Pima Indians Diabetes, 768 rows): forests that forgot a
 * random 10% of their training data are as accurate on held-out data as forests retrained on the
 * remaining 90% with other seeds — the difference of mean accuracies lies within the seed-to-seed
 * spread — and each equals, prediction for prediction, the forest retrained with its own seed.
 */
class ForestStatisticsTest {

    private static final int SEEDS = 8;

    @Test
    void accuracyAfterForgettingTenPercentMatchesRetraining() {
        Dataset data = DatasetReader.read(RepositoryData.path("mlbench_PimaIndiansDiabetes.csv.gz"),
                ReadOptions.label("diabetes")).dataset();
        Dataset.Split split = data.split(0.8, 2024);
        Dataset train = split.first();
        Dataset test = split.second();
        long[] ids = train.shuffle(99).recordIds();
        Set<Long> forget = new LinkedHashSet<>();
        for (int i = 0; i < train.size() / 10; i++) {
            forget.add(ids[i]);
        }
        Dataset remaining = train.withoutRecords(forget::contains);
        ForestLearner.Options options = new ForestLearner.Options(50, 12, 1, 0, 10, 1, 0.3, ForestLearner.Criterion.GINI);
        double[] forgot = new double[SEEDS];
        double[] retrained = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            ForestModel model = new ForestLearner(options, s).fit(train);
            model.forget(new ForgetRequest.Records(forget));
            ForestModel sameSeed = new ForestLearner(options, s).fit(remaining);
            ForestModel otherSeed = new ForestLearner(options, 1000 + s).fit(remaining);
            int right = 0;
            int rightOther = 0;
            for (int i = 0; i < test.size(); i++) {
                double[] row = test.row(i);
                assertThat(model.probabilities(row)).containsExactly(sameSeed.probabilities(row));
                right += model.predict(row) == test.label(i) ? 1 : 0;
                rightOther += otherSeed.predict(row) == test.label(i) ? 1 : 0;
            }
            forgot[s] = (double) right / test.size();
            retrained[s] = (double) rightOther / test.size();
        }
        double spread = Math.max(sd(forgot), sd(retrained));
        assertThat(mean(forgot)).as("mean accuracy after forgetting %s vs retrained %s", Arrays.toString(forgot),
                Arrays.toString(retrained)).isCloseTo(mean(retrained), org.assertj.core.data.Offset.offset(2 * spread + 1e-9));
        assertThat(mean(forgot)).isGreaterThan(0.65);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
