package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ridge models forget exactly: after every request they equal a model retrained on what remains. */
class RidgeModelTest {

    private static final double TOLERANCE = 1e-8;
    private static final double[] LAMBDAS = {1e-3, 0.01, 1, 100};

    @Property(tries = 40)
    void regressionMatchesRetrainingAfterEveryRequest(@ForAll long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.regression(seed, 20 + r.nextInt(130), 1 + r.nextInt(4), r.nextInt(4));
        forgetRandomly(seed, data, new RidgeLearner(new RidgeLearner.Options(LAMBDAS[r.nextInt(LAMBDAS.length)]), seed));
    }

    @Property(tries = 40)
    void classifierMatchesRetrainingAfterEveryRequest(@ForAll long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 20 + r.nextInt(130), 1 + r.nextInt(4), r.nextInt(4), 2 + r.nextInt(3));
        forgetRandomly(seed, data, new RidgeLearner(new RidgeLearner.Options(LAMBDAS[r.nextInt(LAMBDAS.length)]), seed));
    }

    private static void forgetRandomly(long seed, Dataset data, RidgeLearner learner) {
        RidgeModel model = learner.fit(data);
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        RequestSequence requests = new RequestSequence(seed ^ 0x9E3779B97F4A7C15L);
        for (int step = 0; step < 15; step++) {
            ForgetRequest request = requests.next(model.records());
            if (request == null) {
                break;
            }
            String before = model.stateDigest();
            if (request instanceof ForgetRequest.ClassLabel || request instanceof ForgetRequest.Records || request instanceof ForgetRequest.Subject) {
                if (model.records().plan(request).rows().length == model.records().remainingCount()
                        && model.records().remainingCount() > 0) {
                    RidgeModel last = model;
                    assertThatThrownBy(() -> last.forget(request)).isInstanceOf(ForgetException.class)
                            .hasMessageContaining("would remove all");
                    assertThat(model.stateDigest()).isEqualTo(before);
                    continue;
                }
            }
            ForgetReceipt receipt = model.forget(request);
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
            if (receipt.recordCount() > 0 || request instanceof ForgetRequest.Feature) {
                assertThat(receipt.details()).containsKey("refactorised");
            }
            assertThat(receipt.digestBefore()).isEqualTo(before);
            Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
            if (requests.random().nextInt(8) == 0) {
                model = (RidgeModel) ModelFile.fromBytes(ModelFile.toBytes(model));
                assertThat(model.stateDigest()).isEqualTo(receipt.digestAfter());
            }
        }
    }

    /** Everything a caller can observe of a model, to compare before and after a refused request. */
    private record Observed(String digest, List<double[]> outputs, Map<String, double[]> parameters, int remaining) {
        static Observed of(RidgeModel model, Dataset data) {
            List<double[]> outputs = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                double[] row = data.row(i);
                outputs.add(model.schema().isClassification() ? model.probabilities(row) : new double[] {model.predict(row)});
            }
            return new Observed(model.stateDigest(), outputs, model.parameters(), model.records().remainingCount());
        }

        void assertSame(Observed other) {
            assertThat(other.digest).isEqualTo(digest);
            assertThat(other.remaining).isEqualTo(remaining);
            assertThat(other.parameters.keySet()).isEqualTo(parameters.keySet());
            parameters.forEach((k, v) -> assertThat(other.parameters.get(k)).containsExactly(v));
            for (int i = 0; i < outputs.size(); i++) {
                assertThat(other.outputs.get(i)).containsExactly(outputs.get(i));
            }
        }
    }

    private static void assertRefusedUnchanged(RidgeModel model, Dataset data, ForgetRequest request, String message) {
        Observed before = Observed.of(model, data);
        assertThatThrownBy(() -> model.forget(request)).isInstanceOf(ForgetException.class).hasMessageContaining(message);
        before.assertSame(Observed.of(model, data));
    }

    @Test
    void refusedRequestsLeaveTheModelExactlyAsItWas() {
        Dataset data = RandomData.regression(21, 60, 2, 2);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options()).fit(data);
        long gone = data.recordId(0);
        long live = data.recordId(1);
        model.forget(ForgetRequest.Records.of(gone));
        assertRefusedUnchanged(model, data, ForgetRequest.Records.of(-5), "not in the model's training data");
        assertRefusedUnchanged(model, data, ForgetRequest.Records.of(gone), "already forgotten");
        assertRefusedUnchanged(model, data, ForgetRequest.Records.of(live, -5), "-5");
        assertRefusedUnchanged(model, data, ForgetRequest.Records.of(live, gone), String.valueOf(gone));
        assertRefusedUnchanged(model, data, new ForgetRequest.Feature("nope"), "unknown feature 'nope'");
        assertRefusedUnchanged(model, data, new ForgetRequest.ClassLabel("class0"), "needs a classifier");
        assertRefusedUnchanged(model, data, new ForgetRequest.Relabel(Map.of(live, "NaN")), "finite number");
        assertRefusedUnchanged(model, data, new ForgetRequest.Relabel(Map.of(live, "1", gone, "2")), "already forgotten");
        model.forget(new ForgetRequest.Feature("x0"));
        model.forget(new ForgetRequest.Feature("x1"));
        model.forget(new ForgetRequest.Feature("cat0"));
        assertRefusedUnchanged(model, data, new ForgetRequest.Feature("x0"), "already forgotten");
        assertRefusedUnchanged(model, data, new ForgetRequest.Feature("cat1"), "last feature");
    }

    @Test
    void refusedClassifierRequestsLeaveTheModelExactlyAsItWas() {
        Dataset data = RandomData.classification(22, 60, 2, 1, 3);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options()).fit(data);
        long live = data.recordId(3);
        assertRefusedUnchanged(model, data, new ForgetRequest.ClassLabel("class9"), "unknown class 'class9'");
        assertRefusedUnchanged(model, data, new ForgetRequest.Relabel(Map.of(live, "class9")), "unknown class 'class9'");
        assertThatThrownBy(() -> model.predict(new double[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a row of 3 features");
    }

    @Test
    void regressorHasNoProbabilities() {
        Dataset data = RandomData.regression(23, 30, 1, 1);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options()).fit(data);
        assertThatThrownBy(() -> model.probabilities(data.row(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void forgettingAFeatureDropsAllItsColumnsWithoutReadingData() {
        Dataset data = RandomData.classification(24, 90, 2, 2, 3);
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options());
        RidgeModel model = learner.fit(data);
        String levelKey = "cat0=" + data.schema().feature(2).levels().get(0);
        assertThat(model.parameters()).containsKey(levelKey);
        ForgetReceipt receipt = model.forget(new ForgetRequest.Feature("cat0"));
        assertThat(receipt.details()).containsEntry("refactorised", "true");
        assertThat(model.parameters().keySet()).noneMatch(k -> k.startsWith("cat0="));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        model.forget(ForgetRequest.Records.of(data.recordId(5)));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
    }

    @Test
    void aDowndateThatWouldLoseAccuracyFallsBackToRefactorising() {
        // x1 is zero except on one row: without that row the x1 pivot collapses from ~1e3 to sqrt(λ)
        Schema schema = new Schema(List.of(Attribute.numeric("x0"), Attribute.numeric("x1"),
                Attribute.categorical("c", List.of("a", "b"))), Attribute.numeric("y"), Task.REGRESSION);
        int n = 40;
        double[] values = new double[3 * n];
        double[] targets = new double[n];
        long[] ids = new long[n];
        Random r = new Random(8);
        for (int i = 0; i < n; i++) {
            values[3 * i] = r.nextGaussian();
            values[3 * i + 1] = i == 17 ? 1000 : 0;
            values[3 * i + 2] = r.nextInt(2);
            targets[i] = 2 * values[3 * i] + r.nextGaussian();
            ids[i] = 100 + i;
        }
        Dataset data = Dataset.of(schema, values, targets, ids, null);
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options(1e-3));
        RidgeModel model = learner.fit(data);
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(117));
        assertThat(receipt.details()).containsEntry("refactorised", "true")
                .containsEntry("reason", "a downdate would have lost accuracy");
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        // then remove records one by one until two remain: the system approaches singularity
        for (int i = 0; i < n - 2; i++) {
            if (i != 17) {
                model.forget(ForgetRequest.Records.of(100 + i));
                Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
            }
        }
        assertThat(model.records().remainingCount()).isEqualTo(2);
        model.forget(ForgetRequest.Records.of(100 + n - 2));
        Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
        RidgeModel one = model;
        assertThatThrownBy(() -> one.forget(ForgetRequest.Records.of(100 + n - 1))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("would remove all 1 remaining training records");
    }

    @Test
    void roundTripsThroughAModelFileAndKeepsForgettingExactly(@TempDir Path dir) {
        Dataset data = RandomData.classification(25, 120, 3, 2, 3);
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options(0.5), 9);
        RidgeModel model = learner.fit(data);
        model.forget(ForgetRequest.Records.of(data.recordId(0)));
        model.forget(new ForgetRequest.Feature("x1"));
        model.forget(new ForgetRequest.Relabel(Map.of(data.recordId(2), "class2")));
        Path file = dir.resolve("ridge.lethe");
        ModelFile.save(model, file);
        RidgeModel loaded = (RidgeModel) ModelFile.load(file);
        Observed.of(model, data).assertSame(Observed.of(loaded, data));
        assertThat(loaded.history()).isEqualTo(model.history());
        assertThat(loaded.provenance().settings()).isEqualTo(model.provenance().settings());
        assertThat(loaded.provenance().seed()).isEqualTo(9);
        assertThat(loaded.provenance().dataFingerprint()).isEqualTo(data.fingerprint());
        assertThat(loaded.options()).isEqualTo(model.options());
        for (int i = 3; i < 10; i++) {
            loaded.forget(ForgetRequest.Records.of(data.recordId(i)));
        }
        loaded.forget(new ForgetRequest.ClassLabel("class0"));
        Exactness.assertMatchesRetrained(loaded, learner, data, TOLERANCE);
        ExactnessReport report = new RidgeFamily().verify(loaded, data);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void corruptedStateIsRefusedOnLoad() {
        Dataset data = RandomData.regression(26, 40, 2, 1);
        RidgeModel model = new RidgeLearner(new RidgeLearner.Options()).fit(data);
        byte[] bytes = ModelFile.toBytes(model);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 100);
        assertThatThrownBy(() -> ModelFile.fromBytes(truncated)).isInstanceOf(ModelFileException.class);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> ModelFile.fromBytes(flipped)).isInstanceOf(ModelFileException.class);
    }

    @Test
    @Tag("slow")
    void staysExactThroughAThousandSequentialSingleRecordForgets() {
        Random r = new Random(77);
        for (Dataset data : new Dataset[] {RandomData.regression(77, 10_000, 4, 3),
                RandomData.classification(78, 10_000, 4, 3, 4)}) {
            RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options());
            RidgeModel model = learner.fit(data);
            int[] order = r.ints(0, data.size()).distinct().limit(1000).toArray();
            int refactorised = 0;
            for (int i = 0; i < order.length; i++) {
                ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(data.recordId(order[i])));
                if ("true".equals(receipt.details().get("refactorised"))) {
                    refactorised++;
                }
                if (i % 100 == 99) {
                    Exactness.assertMatchesRetrained(model, learner, data, TOLERANCE);
                }
            }
            assertThat(refactorised).as("single-record forgets that refactorised").isZero();
        }
    }

    @Property(tries = 15)
    void aLoadedModelForgetsLikeTheOriginal(@ForAll long seed) {
        Dataset data = RandomData.regression(seed, 50, 2, 2);
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options(), seed);
        RidgeModel model = learner.fit(data);
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        Consumer<ForgetRequest> both = q -> {
            model.forget(q);
            loaded.forget(q);
        };
        RequestSequence requests = new RequestSequence(seed);
        for (int i = 0; i < 6; i++) {
            ForgetRequest q = requests.next(model.records());
            if (q != null) {
                both.accept(q);
            }
        }
        Exactness.assertMatchesRetrained(loaded, learner, data, TOLERANCE);
        assertThat(loaded.history()).isEqualTo(model.history());
    }
}
