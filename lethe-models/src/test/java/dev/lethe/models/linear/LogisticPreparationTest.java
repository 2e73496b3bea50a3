package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Transforms;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFile;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The logistic model's own feature preparation ({@link LogisticPreparation}): with default settings
 * raw data of mixed scales certifies most removals without a retrain, the preparation travels in
 * the model file and is applied at prediction, and after every removal it equals the one a model
 * retrained on the remaining records would learn (or the model retrained and said so).
 */
class LogisticPreparationTest {

    /** German credit (1,000 rows, 7 numeric columns from 1 to 18,424 next to 13 categorical ones), as read. */
    private static Dataset credit() {
        return DatasetReader.read(Path.of("../data/credit-g.arff.gz"), ReadOptions.label("class")).dataset();
    }

    @Test
    void defaultsCertifyMostRemovalsOnRawMixedScaleDataWithoutRetraining() {
        Dataset data = credit();
        LogisticModel model = new LogisticLearner(LogisticLearner.Options.defaults(), 3).fit(data);
        long[] ids = data.shuffle(5).recordIds();
        int removals = 200;
        int retrained = 0;
        for (int k = 0; k < removals; k++) {
            ForgetReceipt r = model.forget(ForgetRequest.Records.of(ids[k]));
            assertThat(r.guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
            if (r.details().containsKey("retrained")) {
                retrained++;
                assertThat(r.details().get("retrain_reason")).contains("cost a full retrain");
            } else {
                assertThat(r.details()).containsEntry("method", "newton-step").containsKey("preparation");
            }
        }
        // raw values, the old defaults' input, spend the budget on almost every removal
        LogisticModel raw = new LogisticLearner(LogisticTestData.rawDefaults(), 3).fit(data);
        int rawRetrained = 0;
        for (int k = 0; k < 20; k++) {
            rawRetrained += raw.forget(ForgetRequest.Records.of(ids[k])).details().containsKey("retrained") ? 1 : 0;
        }
        assertThat(retrained).as("removals that forced a retrain").isLessThanOrEqualTo(removals / 10);
        assertThat(rawRetrained).as("raw: removals that forced a retrain").isGreaterThanOrEqualTo(15);
    }

    @Test
    void thePreparedModelRoundTripsThroughItsFile() {
        Dataset data = credit();
        LogisticModel model = new LogisticLearner(LogisticLearner.Options.defaults(), 8).fit(data);
        long[] ids = data.shuffle(9).recordIds();
        for (int k = 0; k < 5; k++) {
            model.forget(ForgetRequest.Records.of(ids[k]));
        }
        LogisticModel loaded = (LogisticModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.preparation()).isEqualTo(model.preparation());
        assertThat(loaded.preparation().isIdentity()).isFalse();
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        for (int i = 0; i < 50; i++) {
            assertThat(loaded.probabilities(data.row(i))).isEqualTo(model.probabilities(data.row(i)));
        }
        ForgetReceipt a = model.forget(ForgetRequest.Records.of(ids[5]));
        ForgetReceipt b = loaded.forget(ForgetRequest.Records.of(ids[5]));
        // the loaded factor is recomputed from the stored Hessian, so the next step agrees to rounding
        assertThat(Double.parseDouble(b.details().get("total_bound")))
                .isCloseTo(Double.parseDouble(a.details().get("total_bound")), Offset.offset(1e-12));
        assertThat(b.details()).containsEntry("preparation", a.details().get("preparation"));
    }

    @Test
    void predictionsGoThroughThePreparation() {
        // scaling a column by 16 (a power of four) scales its quantised statistics exactly, so the prepared
        // design is the same and a model trained on the scaled column predicts the same on scaled rows;
        // a model that predicted from raw values could not
        Dataset data = RandomData.classification(4, 300, 3, 1, 2);
        int numeric = firstNumeric(data);
        Dataset scaled = Transforms.mapRows(data, row -> {
            row[numeric] *= 16;
            return row;
        });
        LogisticLearner.Options o = LogisticLearner.Options.defaults().withPrepare(LogisticLearner.Preparation.STANDARDISE);
        LogisticModel plain = new LogisticLearner(o, 2).fit(data);
        LogisticModel onScaled = new LogisticLearner(o, 2).fit(scaled);
        assertThat(onScaled.weights()).isEqualTo(plain.weights());
        boolean moved = false;
        for (int i = 0; i < 30; i++) {
            double[] p = plain.probabilities(data.row(i));
            assertThat(onScaled.probabilities(scaled.row(i))[1]).isCloseTo(p[1], Offset.offset(1e-12));
            moved |= Math.abs(onScaled.probabilities(data.row(i))[1] - p[1]) > 1e-3;
        }
        assertThat(moved).as("unscaled rows give other predictions").isTrue();
    }

    @Test
    void aRemovalThatChangesThePreparationRetrainsAndSaysSoOrIsRefused() {
        // one record carries a huge value in column 0: without it the column's spread collapses
        Dataset base = RandomData.classification(6, 120, 2, 0, 2);
        long outlier = base.recordId(7);
        Dataset data = Transforms.mapRows(base, row -> row);
        data = withValue(data, 7, 0, 1e9);
        LogisticLearner.Options o = LogisticLearner.Options.defaults().withPrepare(LogisticLearner.Preparation.STANDARDISE);
        LogisticModel model = new LogisticLearner(o, 1).fit(data);
        LogisticPreparation before = model.preparation();
        ForgetReceipt r = model.forget(ForgetRequest.Records.of(outlier));
        assertThat(r.details()).containsEntry("retrained", "true");
        assertThat(r.details().get("retrain_reason")).startsWith("preparation changed");
        assertThat(r.guarantee()).isEqualTo(Guarantee.certified(1, 1e-5));
        Dataset remaining = model.history().applyTo(data);
        assertThat(model.preparation()).isNotEqualTo(before)
                .isEqualTo(LogisticPreparation.learn(o.prepare(), remaining, allRows(remaining), new boolean[remaining.numFeatures()]));

        LogisticModel refusing = new LogisticLearner(o.withPolicy(LogisticLearner.BudgetPolicy.REFUSE), 1).fit(data);
        String digest = refusing.stateDigest();
        assertThatThrownBy(() -> refusing.forget(ForgetRequest.Records.of(outlier)))
                .isInstanceOf(ForgetException.class).hasMessageContaining("preparation");
        assertThat(refusing.stateDigest()).isEqualTo(digest);
    }

    @Test
    void forgettingAFeatureDropsItsStatisticsFromThePreparation() {
        Dataset data = credit();
        LogisticModel model = new LogisticLearner(LogisticLearner.Options.defaults(), 2).fit(data);
        int duration = data.schema().indexOf("duration");
        model.forget(new ForgetRequest.Feature("duration"));
        boolean[] mask = new boolean[data.numFeatures()];
        mask[duration] = true;
        LogisticPreparation expected = LogisticPreparation.learn(LogisticLearner.Preparation.LOG1P_STANDARDISE, data,
                allRows(data), mask);
        assertThat(model.preparation()).isEqualTo(expected)
                .isNotEqualTo(LogisticPreparation.learn(LogisticLearner.Preparation.LOG1P_STANDARDISE, data, allRows(data),
                        new boolean[data.numFeatures()]));
        LogisticModel loaded = (LogisticModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.preparation()).isEqualTo(expected);
        // later removals compare against the statistics of the remaining features only
        ForgetReceipt r = model.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(r.details()).doesNotContainKey("retrained");
    }

    /**
     * The certificate rests on this: after every removal the model's preparation is exactly the one a
     * learner trained on the remaining records learns, on data whose columns span many orders of magnitude.
     */
    @Property(tries = 30)
    void afterEveryRemovalThePreparationIsTheOneRetrainingWouldLearn(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        Dataset base = RandomData.classification(seed, 80, 3, 1, 2);
        double[] factor = new double[base.numFeatures()];
        for (int j = 0; j < factor.length; j++) {
            factor[j] = base.schema().feature(j).isCategorical() ? 1 : Math.pow(10, random.nextInt(9) - 3);
        }
        Dataset data = Transforms.mapRows(base, row -> {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor[j];
            }
            return row;
        });
        LogisticLearner.Preparation mode = random.nextBoolean() ? LogisticLearner.Preparation.LOG1P_STANDARDISE
                : LogisticLearner.Preparation.STANDARDISE;
        LogisticLearner learner = new LogisticLearner(LogisticLearner.Options.defaults().withPrepare(mode)
                .withEpsilon(random.nextBoolean() ? 1 : Double.POSITIVE_INFINITY), seed);
        LogisticModel model = learner.fit(data);
        long[] ids = data.shuffle(seed).recordIds();
        int retrained = 0;
        for (int k = 0; k < 25; k++) {
            ForgetReceipt r = model.forget(random.nextInt(4) == 0 ? ForgetRequest.Records.of(ids[k], ids[k + 40])
                    : ForgetRequest.Records.of(ids[k]));
            retrained += r.details().containsKey("retrained") ? 1 : 0;
            Dataset remaining = model.history().applyTo(data);
            assertThat(model.preparation()).isEqualTo(LogisticPreparation.learn(mode, remaining, allRows(remaining), new boolean[remaining.numFeatures()]));
        }
        assertThat(retrained).isLessThan(25);
    }

    private static int firstNumeric(Dataset data) {
        for (int j = 0; j < data.numFeatures(); j++) {
            if (!data.schema().feature(j).isCategorical()) {
                return j;
            }
        }
        throw new AssertionError("no numeric feature");
    }

    private static Dataset withValue(Dataset data, int row, int feature, double value) {
        int[] seen = {0};
        return Transforms.mapRows(data, values -> {
            if (seen[0]++ == row) {
                values[feature] = value;
            }
            return values;
        });
    }

    private static int[] allRows(Dataset data) {
        int[] rows = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
