package dev.lethe.models.neighbours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KnnModelTest {

    private static final double TOLERANCE = 1e-9;

    @Property(tries = 60)
    void everyForgetEqualsRetrainingForClassification(@ForAll long seed, @ForAll @IntRange(min = 2, max = 150) int rows,
                                                      @ForAll @IntRange(min = 1, max = 8) int k,
                                                      @ForAll boolean distanceWeighted) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, rows, 1 + r.nextInt(3), r.nextInt(3), 2 + r.nextInt(3));
        runRandomRequests(data, learner(k, distanceWeighted, seed), r);
    }

    @Property(tries = 60)
    void everyForgetEqualsRetrainingForRegression(@ForAll long seed, @ForAll @IntRange(min = 2, max = 150) int rows,
                                                  @ForAll @IntRange(min = 1, max = 8) int k,
                                                  @ForAll boolean distanceWeighted) {
        Random r = new Random(seed);
        Dataset data = RandomData.regression(seed, rows, 1 + r.nextInt(3), r.nextInt(3));
        runRandomRequests(data, learner(k, distanceWeighted, seed), r);
    }

    @Property(tries = 40)
    void duplicateHeavyDataForgetsExactly(@ForAll long seed, @ForAll @IntRange(min = 2, max = 400) int rows,
                                          @ForAll @IntRange(min = 1, max = 9) int k, @ForAll boolean distanceWeighted) {
        Dataset data = KdTreeTest.grid(seed, rows, 2 + (int) Math.floorMod(seed, 3L));
        runRandomRequests(data, learner(k, distanceWeighted, seed), new Random(seed));
    }

    private static void runRandomRequests(Dataset data, KnnLearner learner, Random r) {
        KnnModel model = learner.fit(data);
        int steps = 1 + r.nextInt(8);
        for (int step = 0; step < steps; step++) {
            ForgetRequest request = Requests.random(model.records(), r);
            String before = model.stateDigest();
            ForgetReceipt receipt = Requests.forgetOrRefuse(model, request);
            if (receipt != null) {
                assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
                assertThat(receipt.digestBefore()).isEqualTo(before);
                boolean removed = receipt.records().length > 0 && !(request instanceof ForgetRequest.Relabel);
                if (removed || request instanceof ForgetRequest.Feature) { // a relabel may restate a label
                    assertThat(receipt.digestAfter()).as("digest after %s", request).isNotEqualTo(before)
                            .isEqualTo(model.stateDigest());
                }
            }
            Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        }
        Requests.requireMostAccepted();
    }

    @Property(tries = 40)
    void votesAreTheFractionsAmongTheBruteForceNeighbours(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int rows,
                                                          @ForAll @IntRange(min = 1, max = 9) int k,
                                                          @ForAll boolean distanceWeighted) {
        Dataset data = RandomData.classification(seed, rows, 2, 1, 3);
        KnnModel model = learner(k, distanceWeighted, seed).fit(data);
        boolean[] live = new boolean[rows];
        java.util.Arrays.fill(live, true);
        boolean[] forgotten = new boolean[data.numFeatures()];
        Random r = new Random(seed);
        for (int q = 0; q < 20; q++) {
            double[] x = Queries.random(data, r);
            Neighbours nb = BruteForce.nearest(data, live, forgotten, x, k);
            double[] votes = new double[3];
            double total = 0;
            boolean exactMatch = nb.squaredDistances()[0] == 0;
            for (int i = 0; i < nb.size(); i++) {
                double d = nb.squaredDistances()[i];
                double w = !distanceWeighted ? 1 : exactMatch ? (d == 0 ? 1 : 0) : 1 / Math.sqrt(d);
                votes[data.label(nb.rows()[i])] += w;
                total += w;
            }
            double[] p = model.probabilities(x);
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertThat(p[c]).isCloseTo(votes[c] / total, org.assertj.core.data.Offset.offset(1e-12));
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            assertThat(model.predict(x)).isEqualTo(best);
            assertThat(model.neighbourIds(x)).hasSize(nb.size());
        }
    }

    @Test
    void tiesAreBrokenByRecordIdAndClassTiesByTheLowestClass() {
        Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.categorical("y", List.of("a", "b", "c")),
                Task.CLASSIFICATION);
        // x:        0     2     2    -2     5
        // id:       10    5     7     3     1
        // class:    c     b     a     b     a
        Dataset data = Dataset.of(schema, new double[]{0, 2, 2, -2, 5}, new double[]{2, 1, 0, 1, 0},
                new long[]{10, 5, 7, 3, 1}, null);
        KnnModel model = new KnnLearner(new KnnLearner.Options(2, KnnLearner.Weighting.UNIFORM)).fit(data);
        assertThat(model.neighbourIds(new double[]{0})).containsExactly(10L, 3L);
        assertThat(model.probabilities(new double[]{0})).containsExactly(0, 0.5, 0.5);
        assertThat(model.predict(new double[]{0})).isEqualTo(1.0); // b and c tie: the lower class index wins
        model.forget(ForgetRequest.Records.of(3));
        assertThat(model.neighbourIds(new double[]{0})).containsExactly(10L, 5L);
        model.forget(ForgetRequest.Records.of(10));
        assertThat(model.neighbourIds(new double[]{0})).containsExactly(5L, 7L);
        assertThat(model.predict(new double[]{0})).isEqualTo(0.0);
    }

    @Test
    void distanceWeightingLetsExactMatchesDecide() {
        Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.numeric("y"), Task.REGRESSION);
        Dataset data = Dataset.of(schema, new double[]{0, 0, 1, 3}, new double[]{1, 2, 10, 100}, new long[]{1, 2, 3, 4}, null);
        KnnModel weighted = new KnnLearner(new KnnLearner.Options(3, KnnLearner.Weighting.DISTANCE)).fit(data);
        assertThat(weighted.predict(new double[]{0})).isEqualTo(1.5);
        // at x = 2: neighbours at distances 1 (y=10), 1 (y=100), 2 (y=1 and y=2 tie; id 1 wins)
        assertThat(weighted.predict(new double[]{2})).isCloseTo((10 + 100 + 0.5) / 2.5, org.assertj.core.data.Offset.offset(1e-12));
        KnnModel uniform = new KnnLearner(new KnnLearner.Options(3, KnnLearner.Weighting.UNIFORM)).fit(data);
        assertThat(uniform.predict(new double[]{0})).isCloseTo(13.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aThousandSingleRecordForgetsOnTenThousandRowsStayExact() {
        Dataset data = RandomData.classification(11, 10_000, 3, 2, 3);
        KnnLearner learner = learner(5, false, 11);
        KnnModel model = learner.fit(data);
        List<Long> ids = new ArrayList<>();
        for (long id : data.recordIds()) {
            ids.add(id);
        }
        java.util.Collections.shuffle(ids, new Random(11));
        for (int i = 0; i < 1000; i++) {
            ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids.get(i)));
            assertThat(receipt.records()).containsExactly(ids.get(i));
        }
        assertThat(model.records().remainingCount()).isEqualTo(9000);
        assertThat(model.index().liveCount()).isEqualTo(9000);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void forgettingMostRecordsRebuildsTheIndexAndStaysExact() {
        Dataset data = RandomData.regression(5, 400, 2, 1);
        KnnLearner learner = learner(3, true, 5);
        KnnModel model = learner.fit(data);
        long[] ids = data.recordIds();
        for (int i = 0; i < 300; i += 10) {
            model.forget(new ForgetRequest.Records(java.util.stream.LongStream.of(ids).skip(i).limit(10).boxed()
                    .collect(java.util.stream.Collectors.toSet())));
        }
        assertThat(model.index().size()).as("rebuilt over the live rows").isLessThan(400);
        assertThat(model.index().liveCount()).isEqualTo(100);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void badRequestsChangeNothing() {
        Dataset data = RandomData.classification(21, 300, 2, 2, 3);
        KnnModel model = learner(5, false, 21).fit(data);
        long[] ids = data.recordIds();
        model.forget(ForgetRequest.Records.of(ids[0]));
        String digest = model.stateDigest();
        double[][] before = allProbabilities(model, data);
        long unknown = java.util.Arrays.stream(ids).max().orElseThrow() + 1;

        assertRefused(model, ForgetRequest.Records.of(ids[3], unknown), "not in the model's training data", unknown);
        assertRefused(model, ForgetRequest.Records.of(ids[0]), "already forgotten", ids[0]);
        assertRefused(model, new ForgetRequest.Feature("nope"), "unknown feature 'nope'", null);
        assertRefused(model, new ForgetRequest.ClassLabel("class9"), "unknown class 'class9'", null);
        assertRefused(model, new ForgetRequest.Relabel(Map.of(ids[4], "class9")), "unknown class 'class9'", null);
        java.util.Set<Long> all = new java.util.HashSet<>();
        for (int i = 1; i < ids.length; i++) {
            all.add(ids[i]);
        }
        assertRefused(model, new ForgetRequest.Records(all), "would remove all", null);

        assertThat(model.stateDigest()).isEqualTo(digest);
        assertThat(allProbabilities(model, data)).isDeepEqualTo(before);
        assertThat(model.history().records()).containsExactly(ids[0]);
    }

    @Test
    void badQueriesAreRejected() {
        Dataset data = RandomData.regression(2, 30, 2, 1);
        KnnModel model = learner(3, false, 2).fit(data);
        assertThatThrownBy(() -> model.predict(new double[]{1, 2})).isInstanceOf(DataException.class)
                .hasMessageContaining("expected a row of 3").hasMessageContaining("got 2");
        assertThatThrownBy(() -> model.predict(new double[]{Double.NaN, 0, 0})).isInstanceOf(DataException.class)
                .hasMessageContaining("'x0'").hasMessageContaining("NaN");
        assertThatThrownBy(() -> model.probabilities(data.row(0))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("regressor");
    }

    @Test
    void aForgottenFeatureIsIgnoredEvenWhenItsValueIsNaN() {
        Dataset data = RandomData.regression(4, 60, 3, 0);
        KnnModel model = learner(3, false, 4).fit(data);
        double[] row = data.row(7);
        double expected = model.predict(row);
        model.forget(new ForgetRequest.Feature("x1"));
        double afterForget = model.predict(row);
        row[1] = Double.NaN;
        assertThat(model.predict(row)).isEqualTo(afterForget);
        assertThat(expected).isFinite();
    }

    @Test
    void stateDigestCoversTheOptions() {
        Dataset data = RandomData.classification(8, 50, 2, 0, 2);
        assertThat(learner(3, false, 1).fit(data).stateDigest()).isNotEqualTo(learner(4, false, 1).fit(data).stateDigest())
                .isNotEqualTo(learner(3, true, 1).fit(data).stateDigest());
        assertThat(learner(3, false, 1).fit(data).stateDigest()).isEqualTo(learner(3, false, 1).fit(data).stateDigest());
    }

    @Test
    void fittingNoRowsFails() {
        Dataset data = RandomData.classification(8, 10, 2, 0, 2);
        assertThatThrownBy(() -> learner(3, false, 1).fit(data.select(new int[0]))).isInstanceOf(DataException.class)
                .hasMessageContaining("at least one training record");
    }

    private static void assertRefused(KnnModel model, ForgetRequest request, String message, Long id) {
        String digest = model.stateDigest();
        var thrown = assertThatThrownBy(() -> model.forget(request)).isInstanceOf(ForgetException.class)
                .hasMessageContaining(message);
        if (id != null) {
            thrown.hasMessageContaining(Long.toString(id));
        }
        assertThat(model.stateDigest()).isEqualTo(digest);
    }

    static double[][] allProbabilities(KnnModel model, Dataset data) {
        double[][] out = new double[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            out[i] = model.probabilities(data.row(i));
        }
        return out;
    }

    static KnnLearner learner(int k, boolean distanceWeighted, long seed) {
        return new KnnLearner(new KnnLearner.Options(k, distanceWeighted ? KnnLearner.Weighting.DISTANCE
                : KnnLearner.Weighting.UNIFORM), seed);
    }
}
