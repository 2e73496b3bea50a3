package dev.lethe.models.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NaiveBayesModelTest {

    private static final double TOLERANCE = 1e-9;

    /** A random learner: smoothing from tiny to large, so both options matter. */
    static NaiveBayesLearner randomLearner(Random r, long seed) {
        double alpha = r.nextBoolean() ? 1.0 : 0.01 + 3 * r.nextDouble();
        double varSmoothing = r.nextBoolean() ? 1e-9 : Math.pow(10, -1 - r.nextInt(8));
        return new NaiveBayesLearner(new NaiveBayesLearner.Options(alpha, varSmoothing), seed);
    }

    static Dataset randomData(Random r, long seed) {
        int numeric = r.nextInt(4);
        int categorical = r.nextInt(3);
        if (numeric + categorical == 0) {
            numeric = 1;
        }
        return RandomData.classification(seed, 5 + r.nextInt(150), numeric, categorical, 2 + r.nextInt(3));
    }

    static long[] liveIds(NaiveBayesModel model) {
        return Arrays.stream(model.records().remainingRows()).mapToLong(i -> model.records().data().recordId(i)).toArray();
    }

    static long[] randomLiveIds(Random r, NaiveBayesModel model, int max) {
        long[] live = liveIds(model);
        TreeSet<Long> chosen = new TreeSet<>();
        int want = 1 + r.nextInt(Math.min(max, live.length));
        while (chosen.size() < want) {
            chosen.add(live[r.nextInt(live.length)]);
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    /** One random request of any kind that the model could be asked. */
    static ForgetRequest randomRequest(Random r, NaiveBayesModel model, Dataset data) {
        List<String> classes = data.schema().classes();
        return switch (r.nextInt(7)) {
            case 0, 1 -> ForgetRequest.Records.of(randomLiveIds(r, model, 1));
            case 2 -> ForgetRequest.Records.of(randomLiveIds(r, model, 12));
            case 3 -> new ForgetRequest.Subject(data.subjects().get(r.nextInt(data.subjects().size())));
            case 4 -> {
                List<String> left = new ArrayList<>(data.schema().featureNames());
                left.removeAll(model.history().features());
                yield new ForgetRequest.Feature(left.get(r.nextInt(left.size())));
            }
            case 5 -> new ForgetRequest.ClassLabel(classes.get(r.nextInt(classes.size())));
            default -> {
                Map<Long, String> labels = new TreeMap<>();
                List<String> known = model.schema().target().liveLevels();
                for (long id : randomLiveIds(r, model, 6)) {
                    labels.put(id, known.get(r.nextInt(known.size())));
                }
                yield new ForgetRequest.Relabel(labels);
            }
        };
    }

    /** Forgets, or checks that a refusal was legitimate and left the model exactly as it was. */
    static void forgetOrRefuse(NaiveBayesModel model, ForgetRequest request, Dataset probe) {
        String before = model.stateDigest();
        double[] probabilities = model.probabilities(probe.row(0));
        try {
            ForgetReceipt receipt = model.forget(request);
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
            assertThat(receipt.digestBefore()).isEqualTo(before);
            assertThat(receipt.digestAfter()).isEqualTo(model.stateDigest());
        } catch (ForgetException e) {
            assertThat(e.getMessage()).containsAnyOf("remaining training records", "last feature");
            assertThat(model.stateDigest()).isEqualTo(before);
            assertThat(model.probabilities(probe.row(0))).containsExactly(probabilities);
        }
    }

    @Property(tries = 60)
    void randomRequestSequencesMatchRetraining(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed) {
        Random r = new Random(seed);
        Dataset data = randomData(r, seed);
        NaiveBayesLearner learner = randomLearner(r, seed);
        NaiveBayesModel model = learner.fit(data);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        for (int step = 0; step < 10; step++) {
            forgetOrRefuse(model, randomRequest(r, model, data), data);
            Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        }
    }

    @Property(tries = 15)
    void forgettingRecordsDownToOneMatchesRetraining(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 40, 3, 1, 3);
        NaiveBayesLearner learner = randomLearner(r, seed);
        NaiveBayesModel model = learner.fit(data);
        while (model.records().remainingCount() > 1) {
            long[] live = liveIds(model);
            model.forget(ForgetRequest.Records.of(live[r.nextInt(live.length)]));
            Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        }
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(liveIds(model)))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("would remove all 1 remaining");
    }

    @Test
    void thousandSingleRecordForgetsOnTenThousandRowsMatchRetraining() {
        Dataset data = RandomData.classification(11, 10_000, 4, 2, 3);
        NaiveBayesLearner learner = new NaiveBayesLearner();
        NaiveBayesModel model = learner.fit(data);
        Random r = new Random(5);
        long[] ids = data.recordIds();
        for (int i = ids.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        for (int i = 0; i < 1000; i++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[i]));
            assertThat(receipt.records()).containsExactly(ids[i]);
        }
        assertThat(model.records().remainingCount()).isEqualTo(9_000);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void forgettingAClassLeavesItWithZeroPriorAsRetrainingDoes() {
        Dataset data = RandomData.classification(3, 300, 2, 2, 3);
        NaiveBayesLearner learner = new NaiveBayesLearner();
        NaiveBayesModel model = learner.fit(data);
        String gone = data.schema().classes().get(1);
        ForgetReceipt receipt = model.forget(new ForgetRequest.ClassLabel(gone));
        assertThat(receipt.recordCount()).isPositive();
        assertThat(model.parameters().get("prior")[1]).isZero();
        for (int i = 0; i < data.size(); i++) {
            double[] p = model.probabilities(data.row(i));
            assertThat(p[1]).isZero();
            assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-12));
            assertThat(model.predict(data.row(i))).isNotEqualTo(1);
        }
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void relabellingMovesRecordsBetweenClassesAndBack() {
        Dataset data = RandomData.classification(8, 200, 3, 1, 2);
        NaiveBayesLearner learner = new NaiveBayesLearner();
        NaiveBayesModel model = learner.fit(data);
        Map<String, double[]> original = model.parameters();
        long id = data.recordId(0);
        String label = data.schema().classes().get(data.label(0));
        String other = data.schema().classes().get(1 - data.label(0));
        model.forget(new ForgetRequest.Relabel(Map.of(id, other)));
        assertThat(model.parameters().get("prior")).isNotEqualTo(original.get("prior"));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        model.forget(new ForgetRequest.Relabel(Map.of(id, label)));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        // once relabelled, forgetting the record subtracts it from its current class
        model.forget(new ForgetRequest.Relabel(Map.of(id, other)));
        model.forget(ForgetRequest.Records.of(id));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void aForgottenFeatureNoLongerInfluencesPredictionsOrParameters() {
        Dataset data = RandomData.classification(21, 200, 2, 1, 3);
        NaiveBayesLearner learner = new NaiveBayesLearner();
        NaiveBayesModel model = learner.fit(data);
        assertThat(model.parameters()).containsKeys("prior", "mean/x0", "var/x0", "mean/x1", "levels/cat0");
        model.forget(new ForgetRequest.Feature("x0"));
        model.forget(new ForgetRequest.Feature("cat0"));
        assertThat(model.parameters()).containsOnlyKeys("prior", "mean/x1", "var/x1");
        double[] row = data.row(0);
        double[] p = model.probabilities(row);
        row[0] += 1e6;
        row[2] = 0;
        assertThat(model.probabilities(row)).containsExactly(p);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        // later record forgets keep working without the feature
        model.forget(ForgetRequest.Records.of(data.recordId(3), data.recordId(4)));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void anUnusedCategoryLeavesTheDictionaryAndTheSmoothing() {
        Dataset data = RandomData.classification(4, 100, 0, 2, 2);
        NaiveBayesModel model = new NaiveBayesLearner().fit(data);
        int levels = data.schema().feature(0).numLevels();
        double[] p = model.parameters().get("levels/cat0");
        assertThat(p).hasSize(2 * levels);
        long n0 = Arrays.stream(model.records().remainingRows()).filter(i -> data.label(i) == 0).count();
        // RandomData never uses the last level: it is tombstoned, and the smoothing counts the levels in use only
        assertThat(model.schema().feature(0).isLive(levels - 1)).isFalse();
        assertThat(p[levels - 1]).isCloseTo(1.0 / (n0 + levels - 1), within(1e-15));
    }

    @Test
    void refusedRequestsChangeNothing() {
        Dataset data = RandomData.classification(2, 100, 2, 1, 2);
        NaiveBayesModel model = new NaiveBayesLearner().fit(data);
        model.forget(ForgetRequest.Records.of(data.recordId(0)));
        String digest = model.stateDigest();
        double[][] before = new double[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            before[i] = model.probabilities(data.row(i));
        }
        long unknown = Arrays.stream(data.recordIds()).max().orElseThrow() + 1;
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(unknown))).isInstanceOf(ForgetException.class)
                .hasMessageContaining(Long.toString(unknown)).hasMessageContaining("not in the model's training data");
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(0)))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("already forgotten");
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(1), data.recordId(2), unknown)))
                .isInstanceOf(ForgetException.class);
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Feature("nope"))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("unknown feature 'nope'");
        assertThatThrownBy(() -> model.forget(new ForgetRequest.ClassLabel("nope"))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("unknown class 'nope'");
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Relabel(Map.of(data.recordId(1), "nope"))))
                .isInstanceOf(ForgetException.class);
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(liveIds(model)))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("delete the model");
        assertThat(model.stateDigest()).isEqualTo(digest);
        assertThat(model.records().remainingCount()).isEqualTo(99);
        for (int i = 0; i < data.size(); i++) {
            assertThat(model.probabilities(data.row(i))).containsExactly(before[i]);
        }
    }

    @Test
    void badRowsAreRejected() {
        Dataset data = RandomData.classification(2, 50, 1, 1, 2);
        NaiveBayesModel model = new NaiveBayesLearner().fit(data);
        assertThatThrownBy(() -> model.predict(new double[1])).isInstanceOf(DataException.class)
                .hasMessageContaining("expected a row of 2 features");
        assertThatThrownBy(() -> model.probabilities(new double[] {Double.NaN, 0})).isInstanceOf(DataException.class)
                .hasMessageContaining("'x0'").hasMessageContaining("NaN");
        assertThatThrownBy(() -> model.probabilities(new double[] {0, 99})).isInstanceOf(DataException.class)
                .hasMessageContaining("'cat0'").hasMessageContaining("99");
    }

    @Test
    void theDigestChangesWithEveryForgetAndDependsOnlyOnState() {
        Dataset data = RandomData.classification(5, 60, 2, 1, 2);
        NaiveBayesModel a = new NaiveBayesLearner().fit(data);
        NaiveBayesModel b = new NaiveBayesLearner().fit(data);
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest());
        a.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(a.stateDigest()).isNotEqualTo(b.stateDigest());
        b.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest());
    }
}
