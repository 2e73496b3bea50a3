package dev.lethe.models.sisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SisaModelTest {

    static final List<String> BASES = List.of("test-prior", "test-sgd", "nb", "ridge", "knn");

    static Map<String, String> randomSettings(Random r, String base) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("base", base);
        s.put("shards", Integer.toString(1 + r.nextInt(6)));
        s.put("slices", Integer.toString(1 + r.nextInt(4)));
        s.put("aggregation", List.of("vote", "mean", "weighted").get(r.nextInt(3)));
        s.put("placement", r.nextBoolean() ? "uniform" : "subject");
        s.put("threads", Integer.toString(1 + r.nextInt(3)));
        return s;
    }

    static SisaLearner learner(Map<String, String> settings, long seed) {
        return (SisaLearner) ModelFamilies.byName("sisa").learner(settings, seed);
    }

    /**
     * The model after each forget equals sisa trained from scratch on what remains (same settings and
     * seed), bit for bit: every shard's constituent is the base learner retrained from scratch on its
     * remaining records with its stored seed.
     */
    @Property(tries = 60)
    void everyForgetEqualsRetrainingFromScratch(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        String base = BASES.get(r.nextInt(BASES.size()));
        Dataset data = RandomData.classification(seed, 20 + r.nextInt(80), 1 + r.nextInt(3), r.nextInt(2), 2 + r.nextInt(3));
        Map<String, String> settings = randomSettings(r, base);
        SisaLearner learner = learner(settings, seed);
        SisaModel model = learner.fit(data);
        int requests = 1 + r.nextInt(6);
        for (int q = 0; q < requests; q++) {
            ForgetRequest request = SisaRequests.next(r, model.records(), null);
            if (request == null) {
                break;
            }
            ForgetReceipt receipt;
            String before = model.stateDigest();
            try {
                receipt = model.forget(request);
            } catch (ForgetException e) {
                // the one refusal the rule allows: a request that would leave the model no record at all
                if (!e.getMessage().contains("would remove all")) {
                    throw new AssertionError("refused " + request + ": " + e.getMessage(), e);
                }
                assertThat(model.stateDigest()).isEqualTo(before);
                break;
            }
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
            assertBitIdenticalToRetrained(model, learner, data);
        }
    }

    static void assertBitIdenticalToRetrained(SisaModel model, SisaLearner learner, Dataset data) {
        Dataset remaining = model.history().applyTo(data);
        SisaModel retrained = learner.fit(remaining);
        for (int shard = 0; shard < model.shardCount(); shard++) {
            final int k = shard;
            assertThat(model.shardSize(k)).as("records in shard %d", k).isEqualTo(retrained.shardSize(k));
            UnlearnableModel mine = model.shardModel(k);
            UnlearnableModel theirs = retrained.shardModel(k);
            assertThat(mine == null).as("shard %d empty", k).isEqualTo(theirs == null);
            if (mine != null) {
                assertThat(ids(mine)).as("records of shard %d", k).isEqualTo(ids(theirs));
                assertThat(mine.provenance().seed()).isEqualTo(theirs.provenance().seed());
                Map<String, double[]> a = mine.parameters();
                Map<String, double[]> b = theirs.parameters();
                assertThat(a.keySet()).isEqualTo(b.keySet());
                a.forEach((key, v) -> assertThat(v).as("shard %d parameter %s", k, key).containsExactly(b.get(key)));
            }
        }
        ExactnessReport report = RetrainCheck.compare(model, retrained, data, 0, 0);
        assertThat(report.maxOutputDifference()).isZero();
        assertThat(report.maxParameterDifference()).isZero();
        assertThat(report.disagreements()).isZero();
    }

    static List<Long> ids(UnlearnableModel m) {
        Dataset d = m.history().applyTo(((dev.lethe.model.AbstractUnlearnableModel) m).records().data());
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(d.recordId(i));
        }
        return out;
    }

    @Property(tries = 15)
    void modelFilesRoundTripAndKeepForgetting(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        String base = BASES.get(r.nextInt(BASES.size()));
        Dataset data = RandomData.classification(seed, 30 + r.nextInt(60), 2, 1, 3);
        SisaLearner learner = learner(randomSettings(r, base), seed);
        SisaModel model = learner.fit(data);
        model.forget(SisaRequests.next(r, model.records(), null));
        SisaModel loaded = (SisaModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(RetrainCheck.compare(model, loaded, data, 0, 0).maxOutputDifference()).isZero();
        ForgetRequest next = SisaRequests.next(r, model.records(), null);
        if (next != null) {
            model.forget(next);
            loaded.forget(next);
            assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
            assertBitIdenticalToRetrained(loaded, learner, data);
        }
    }

    @Test
    void aSubjectLivesInOneShardSoItsDeletionRetrainsOneShard() {
        Dataset data = RandomData.classification(7, 300, 3, 0, 3);
        SisaModel model = learner(Map.of("base", "nb", "shards", "8", "slices", "2", "placement", "subject"), 7).fit(data);
        String subject = data.subjects().get(0);
        ForgetReceipt receipt = model.forget(new ForgetRequest.Subject(subject));
        assertThat(receipt.recordCount()).isGreaterThan(0);
        assertThat(receipt.details().get("shards_retrained")).doesNotContain(",");
        assertThat(receipt.details()).containsKeys("slices_retrained", "records_not_retrained", "work_avoided");
        assertThat(Long.parseLong(receipt.details().get("records_not_retrained"))).isGreaterThan(200);
    }

    @Test
    void onlyARefusalOfAConstituentBecomesARefusalAndADefectKeepsItsCause() {
        Dataset data = RandomData.classification(13, 120, 2, 0, 2);
        SisaModel model = learner(Map.of("base", "test-sgd", "shards", "3", "slices", "2", "threads", "1"), 13).fit(data);
        String before = model.stateDigest();
        IllegalStateException defect = new IllegalStateException("a defect in a constituent");
        SgdTestFamily.NEXT_STEP_FAILS.set(defect);
        try {
            assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(0)))).isSameAs(defect);
        } finally {
            SgdTestFamily.NEXT_STEP_FAILS.set(null);
        }
        assertThat(model.stateDigest()).isEqualTo(before);
        SgdTestFamily.NEXT_STEP_FAILS.set(new dev.lethe.model.RefusedException("over budget"));
        try {
            assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(0)))).isInstanceOf(ForgetException.class)
                    .hasMessageContaining("nothing was forgotten: over budget");
        } finally {
            SgdTestFamily.NEXT_STEP_FAILS.set(null);
        }
        assertThat(model.stateDigest()).isEqualTo(before);
        assertThat(model.forget(ForgetRequest.Records.of(data.recordId(0))).recordCount()).isEqualTo(1);
    }

    @Test
    void aBatchInOneShardRetrainsItOnceFromItsEarliestSlice() {
        Dataset data = RandomData.classification(11, 400, 3, 0, 2);
        SisaModel model = learner(Map.of("base", "test-sgd", "shards", "4", "slices", "4"), 11).fit(data);
        // three records of one shard: one in slice 3, two in slice 2 → retrain slices 2-3 once
        List<Long> picked = new ArrayList<>();
        int shard = model.shardOf(data.recordId(0));
        for (int i = 0; i < data.size() && picked.size() < 3; i++) {
            long id = data.recordId(i);
            int slice = model.sliceOf(id);
            if (model.shardOf(id) == shard && (slice == 3 && picked.isEmpty() || slice == 2 && !picked.isEmpty())) {
                picked.add(id);
            }
        }
        assertThat(picked).hasSize(3);
        ForgetReceipt receipt = model.forget(new ForgetRequest.Records(Set.copyOf(picked)));
        assertThat(receipt.details().get("shards_retrained")).isEqualTo(Integer.toString(shard));
        assertThat(receipt.details().get("slices_retrained")).isEqualTo(shard + ":2-3");
        assertThat(Double.parseDouble(receipt.details().get("work_fraction"))).isBetween(0.0, 0.25);
    }

    @Test
    void aRecordInTheLastSliceOnlyRetrainsTheLastSlice() {
        Dataset data = RandomData.classification(12, 200, 2, 0, 2);
        SisaModel model = learner(Map.of("base", "test-sgd", "shards", "2", "slices", "3"), 12).fit(data);
        long id = -1;
        for (int i = 0; i < data.size(); i++) {
            if (model.sliceOf(data.recordId(i)) == 2) {
                id = data.recordId(i);
                break;
            }
        }
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(id));
        assertThat(receipt.details().get("slices_retrained")).isEqualTo(model.shardOf(id) + ":2-2");
    }

    @Test
    void refusalsLeaveTheModelExactlyAsItWas() {
        Dataset data = RandomData.classification(3, 120, 2, 1, 3);
        SisaModel model = learner(Map.of("base", "test-prior", "shards", "3"), 3).fit(data);
        String before = model.stateDigest();
        long unknown = Arrays.stream(data.recordIds()).max().getAsLong() + 1;
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(unknown))).isInstanceOf(ForgetException.class)
                .hasMessageContaining(Long.toString(unknown));
        assertThat(model.stateDigest()).isEqualTo(before);
        model.forget(ForgetRequest.Records.of(data.recordId(0)));
        String after = model.stateDigest();
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(0)))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("already forgotten");
        assertThat(model.stateDigest()).isEqualTo(after);
    }

    @Test
    void shardsTrainedInParallelEqualShardsTrainedOneByOne() {
        Dataset data = RandomData.classification(5, 300, 3, 1, 3);
        Map<String, String> s = new HashMap<>(Map.of("base", "test-sgd", "shards", "6", "slices", "3"));
        s.put("threads", "1");
        SisaModel serial = learner(s, 5).fit(data);
        s.put("threads", "4");
        SisaModel parallel = learner(s, 5).fit(data);
        assertThat(parallel.stateDigest()).isEqualTo(serial.stateDigest());
    }

    @Test
    void progressCountsEveryShardStep() {
        Dataset data = RandomData.classification(5, 100, 2, 0, 2);
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] total = new long[1];
        learner(Map.of("base", "test-sgd", "shards", "3", "slices", "2"), 5)
                .withProgress((done, all) -> {
                    seen.add(done);
                    total[0] = all;
                }).fit(data);
        assertThat(total[0]).isEqualTo(6);
        assertThat(new TreeSet<>(seen)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void likelihoodPlacementGroupsLikelyDeletionsAndHidesTheColumn() {
        Dataset base = RandomData.classification(9, 300, 2, 0, 2);
        List<Attribute> features = new ArrayList<>(base.schema().features());
        features.add(Attribute.numeric("p_delete"));
        Schema schema = new Schema(features, base.schema().target(), base.schema().task());
        int d = features.size();
        double[] values = new double[base.size() * d];
        double[] targets = new double[base.size()];
        Random r = new Random(9);
        for (int i = 0; i < base.size(); i++) {
            for (int j = 0; j < d - 1; j++) {
                values[i * d + j] = base.value(i, j);
            }
            values[i * d + d - 1] = r.nextInt(10) == 0 ? 0.9 : 0.05;
            targets[i] = base.target(i);
        }
        Dataset data = Dataset.of(schema, values, targets, base.recordIds(), null);
        SisaModel model = learner(Map.of("base", "test-sgd", "shards", "8", "slices", "4", "placement", "likelihood",
                "likelihoodColumn", "p_delete", "hotShards", "1"), 9).fit(data);
        for (int i = 0; i < data.size(); i++) {
            boolean hot = data.value(i, d - 1) >= 0.5;
            assertThat(model.shardOf(data.recordId(i)) == 0).isEqualTo(hot);
            assertThat(model.sliceOf(data.recordId(i))).isEqualTo(hot ? 3 : 0);
        }
        assertThat(model.shardModel(0).schema().featureNames()).doesNotContain("p_delete");
        String before = model.stateDigest();
        assertThatThrownBy(() -> model.forget(new ForgetRequest.Feature("p_delete"))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("deletion-likelihood");
        assertThat(model.stateDigest()).isEqualTo(before);
        int hotRow = 0;
        while (data.value(hotRow, d - 1) < 0.5) {
            hotRow++;
        }
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(data.recordId(hotRow)));
        assertThat(receipt.details().get("slices_retrained")).isEqualTo("0:3-3");
        assertBitIdenticalToRetrained(model, model.options() == null ? null
                : learner(model.options().toSettings(), 9), data);
    }

    @Test
    void likelihoodsOutsideZeroOneAreRejected() {
        Dataset data = RandomData.classification(1, 50, 3, 0, 2);
        SisaLearner l = learner(Map.of("base", "nb", "placement", "likelihood", "likelihoodColumn", "x0"), 1);
        assertThatThrownBy(() -> l.fit(data)).isInstanceOf(DataException.class).hasMessageContaining("[0, 1]");
        SisaLearner missing = learner(Map.of("base", "nb", "placement", "likelihood", "likelihoodColumn", "nope"), 1);
        assertThatThrownBy(() -> missing.fit(data)).isInstanceOf(DataException.class).hasMessageContaining("nope");
    }

    @Test
    void settingsAreValidatedAndRoundTrip() {
        assertThat(learner(Map.of(), 1).settings()).containsEntry("base", "nb");
        assertThatThrownBy(() -> learner(Map.of("base", "nope"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> learner(Map.of("base", "sisa"), 1)).isInstanceOf(OptionsException.class);
        assertThatThrownBy(() -> learner(Map.of("base", "nb", "shards", "0"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("shards");
        assertThatThrownBy(() -> learner(Map.of("base", "nb", "base.alpha", "-1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> learner(Map.of("base", "nb", "aggregation", "max"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("aggregation");
        assertThatThrownBy(() -> learner(Map.of("base", "nb", "placement", "likelihood"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("likelihoodColumn");
        assertThatThrownBy(() -> learner(Map.of("base", "nb", "shardz", "3"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("shardz");
        SisaLearner l = learner(Map.of("base", "test-sgd", "shards", "5", "slices", "3", "base.rate", "0.2",
                "aggregation", "vote"), 4);
        assertThat(learner(l.settings(), 4).settings()).isEqualTo(l.settings());
        assertThat(l.settings()).containsEntry("base.rate", "0.2");
    }

    @Test
    void regressionAggregatesPredictions() {
        Dataset data = RandomData.regression(2, 200, 3, 0);
        for (String aggregation : List.of("vote", "mean", "weighted")) {
            SisaModel model = learner(Map.of("base", "ridge", "shards", "4", "aggregation", aggregation), 2).fit(data);
            double[] row = data.row(0);
            double[] preds = new double[4];
            for (int k = 0; k < 4; k++) {
                preds[k] = model.shardModel(k).predict(row);
            }
            Arrays.sort(preds);
            assertThat(model.predict(row)).isBetween(preds[0], preds[3]);
            model.forget(ForgetRequest.Records.of(data.recordId(1)));
            assertBitIdenticalToRetrained(model, learner(model.options().toSettings(), 2), data);
        }
    }

    @Test
    void corruptedOrInconsistentFilesAreRejected() {
        Dataset data = RandomData.classification(8, 60, 2, 0, 2);
        SisaModel model = learner(Map.of("base", "test-prior", "shards", "3"), 8).fit(data);
        byte[] bytes = ModelFile.toBytes(model);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 40);
        assertThatThrownBy(() -> ModelFile.fromBytes(truncated)).isInstanceOf(dev.lethe.model.ModelFileException.class);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> ModelFile.fromBytes(flipped)).isInstanceOf(dev.lethe.model.ModelFileException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void theMonolithicBaselineIsTheBaseLearnerWithTheBaseSettings() {
        var baseline = ModelFamilies.byName("sisa").monolithicBaseline(Map.of("base", "test-sgd", "base.rate", "0.3",
                "shards", "4"), 5).orElseThrow();
        assertThat(baseline.family()).isEqualTo("test-sgd");
        assertThat(baseline.settings()).containsEntry("rate", "0.3");
        assertThat(ModelFamilies.byName("test-prior").monolithicBaseline(Map.of(), 5)).isEmpty();
        var withoutLikelihood = ModelFamilies.byName("sisa").monolithicBaseline(Map.of("base", "test-sgd",
                "placement", "likelihood", "likelihoodColumn", "x1"), 5).orElseThrow();
        Dataset data = RandomData.classification(5, 40, 3, 0, 2);
        assertThat(withoutLikelihood.fit(data).schema().featureNames()).containsExactly("x0", "x2");
    }
}
