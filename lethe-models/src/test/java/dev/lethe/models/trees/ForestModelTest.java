package dev.lethe.models.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ForestModelTest {

    static ForestLearner learner(Random r, boolean classification) {
        ForestLearner.Criterion criterion = classification
                ? (r.nextBoolean() ? ForestLearner.Criterion.GINI : ForestLearner.Criterion.ENTROPY)
                : ForestLearner.Criterion.MSE;
        var o = new ForestLearner.Options(2 + r.nextInt(7), 2 + r.nextInt(6), 1 + r.nextInt(3), r.nextInt(3),
                1 + r.nextInt(6), r.nextInt(3), 0.2 + 0.8 * r.nextDouble(), criterion);
        return new ForestLearner(o, r.nextLong());
    }

    private static Dataset data(Random r, boolean classification, long seed) {
        int rows = 40 + r.nextInt(120);
        return classification
                ? RandomData.classification(seed, rows, 1 + r.nextInt(4), r.nextInt(3), 2 + r.nextInt(3))
                : RandomData.regression(seed, rows, 1 + r.nextInt(4), r.nextInt(3));
    }

    /** A random request the model can honour, or null when none is left of that kind. */
    private static ForgetRequest randomRequest(Random r, ForestModel model, Dataset data) {
        int[] live = model.records().remainingRows();
        if (live.length < 8) {
            return null;
        }
        int kind = r.nextInt(10);
        if (kind < 3) {
            return ForgetRequest.Records.of(data.recordId(live[r.nextInt(live.length)]));
        }
        if (kind < 5) {
            Set<Long> ids = new LinkedHashSet<>();
            int k = 1 + r.nextInt(Math.max(1, live.length / 6));
            for (int i = 0; i < k; i++) {
                ids.add(data.recordId(live[r.nextInt(live.length)]));
            }
            return new ForgetRequest.Records(ids);
        }
        if (kind == 5) {
            return new ForgetRequest.Subject(data.subjectId(live[r.nextInt(live.length)]));
        }
        if (kind == 6) {
            List<String> names = new ArrayList<>();
            for (int j = 0; j < data.numFeatures(); j++) {
                if (!model.records().isFeatureForgotten(j)) {
                    names.add(data.schema().feature(j).name());
                }
            }
            return names.size() < 2 ? null : new ForgetRequest.Feature(names.get(r.nextInt(names.size())));
        }
        if (kind == 7 && data.schema().isClassification()) {
            List<String> classes = data.schema().classes();
            return new ForgetRequest.ClassLabel(classes.get(r.nextInt(classes.size())));
        }
        Map<Long, String> labels = new HashMap<>();
        int k = 1 + r.nextInt(4);
        for (int i = 0; i < k; i++) {
            long id = data.recordId(live[r.nextInt(live.length)]);
            List<String> known = model.schema().target().liveLevels();
            labels.put(id, data.schema().isClassification()
                    ? known.get(r.nextInt(known.size()))
                    : Double.toString(r.nextGaussian() * 5));
        }
        return new ForgetRequest.Relabel(labels);
    }

    private static void assertExact(ForestModel model, ForestLearner learner, Dataset data) {
        assertThat(model.verifyInvariants()).isEmpty();
        Exactness.assertMatchesRetrained(model, learner, data, data.schema().isClassification() ? 0 : 1e-9);
        assertThat(model.verifyInvariants()).as("after predictions retrained pending subtrees").isEmpty();
    }

    @Property(tries = 200)
    void randomRequestSequencesKeepInvariantsAndMatchRetraining(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                               @ForAll boolean classification) {
        Random r = new Random(seed);
        Dataset data = data(r, classification, seed);
        ForestLearner learner = learner(r, classification);
        ForestModel model = learner.fit(data);
        assertThat(model.verifyInvariants()).isEmpty();
        int steps = 1 + r.nextInt(10);
        for (int s = 0; s < steps; s++) {
            ForgetRequest request = randomRequest(r, model, data);
            if (request == null) {
                break;
            }
            if (refusedAsLast(model, request)) {
                continue;
            }
            ForgetReceipt receipt = model.forget(request);
            assertThat(receipt.guarantee()).isEqualTo(Guarantee.EXACT);
            if (r.nextBoolean()) {
                assertExact(model, learner, data);
            } else {
                assertThat(model.verifyInvariants()).isEmpty();
            }
        }
        assertExact(model, learner, data);
    }

    @Property(tries = 60)
    void aModelFileRoundTripStillForgetsExactly(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                               @ForAll boolean classification) {
        Random r = new Random(seed);
        Dataset data = data(r, classification, seed);
        ForestLearner learner = learner(r, classification);
        ForestModel model = learner.fit(data);
        ForgetRequest first = randomRequest(r, model, data);
        if (first != null && !refusedAsLast(model, first)) {
            model.forget(first);
        }
        String digest = model.stateDigest();
        ForestModel loaded = (ForestModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(digest);
        assertThat(loaded.verifyInvariants()).isEmpty();
        for (int s = 0; s < 3; s++) {
            ForgetRequest request = randomRequest(r, loaded, data);
            if (request == null) {
                break;
            }
            if (!refusedAsLast(loaded, request)) {
                loaded.forget(request);
            }
        }
        assertExact(loaded, learner, data);
    }

    /** Whether the request would remove every remaining record; then checks that it is refused and changes nothing. */
    private static boolean refusedAsLast(ForestModel model, ForgetRequest request) {
        if (!(request instanceof ForgetRequest.ClassLabel || request instanceof ForgetRequest.Records
                || request instanceof ForgetRequest.Subject)) {
            return false;
        }
        int removes = model.records().plan(request).rows().length;
        if (removes == 0 || removes < model.records().remainingCount()) {
            return false;
        }
        String before = model.stateDigest();
        assertThatThrownBy(() -> model.forget(request)).isInstanceOf(ForgetException.class).hasMessageContaining("would remove all");
        assertThat(model.stateDigest()).isEqualTo(before);
        return true;
    }

    @Property(tries = 40)
    void failedRequestsChangeNothing(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                     @ForAll @IntRange(min = 0, max = 3) int kind) {
        Random r = new Random(seed);
        Dataset data = data(r, true, seed);
        ForestModel model = learner(r, true).fit(data);
        long known = data.recordId(r.nextInt(data.size()));
        model.forget(ForgetRequest.Records.of(known));
        String digest = model.stateDigest();
        ForgetRequest bad = switch (kind) {
            case 0 -> ForgetRequest.Records.of(known + 0, -5);
            case 1 -> ForgetRequest.Records.of(known);
            case 2 -> new ForgetRequest.Feature("no_such_feature");
            default -> new ForgetRequest.Relabel(Map.of(data.recordId(0) == known ? data.recordId(1) : data.recordId(0), "no_such_class"));
        };
        assertThatThrownBy(() -> model.forget(bad)).isInstanceOf(ForgetException.class);
        assertThat(model.stateDigest()).isEqualTo(digest);
        assertThat(model.verifyInvariants()).isEmpty();
    }

    @Test
    void lazyRetrainingLeavesTheDigestAndPredictionsAsIfEager() {
        Dataset data = RandomData.classification(7, 400, 4, 2, 3);
        ForestLearner learner = new ForestLearner(new ForestLearner.Options(10, 8, 1, 0, 5, 1, 0.5,
                ForestLearner.Criterion.GINI), 3);
        ForestModel lazy = learner.fit(data);
        ForestModel eager = learner.fit(data);
        Random r = new Random(1);
        for (int i = 0; i < 60; i++) {
            long id = data.recordId(lazy.records().remainingRows()[r.nextInt(lazy.records().remainingCount())]);
            lazy.forget(ForgetRequest.Records.of(id));
            eager.forget(ForgetRequest.Records.of(id));
            eager.compact();
        }
        assertThat(lazy.pendingRetrains()).isPositive();
        assertThat(eager.pendingRetrains()).isZero();
        String digest = lazy.stateDigest();
        assertThat(digest).isEqualTo(eager.stateDigest());
        for (int i = 0; i < data.size(); i++) {
            assertThat(lazy.probabilities(data.row(i))).containsExactly(eager.probabilities(data.row(i)));
        }
        lazy.compact();
        assertThat(lazy.pendingRetrains()).isZero();
        assertThat(lazy.stateDigest()).isEqualTo(digest);
        assertThat(lazy.verifyInvariants()).isEmpty();
    }

    @Property(tries = 25)
    void pendingSubtreesSurviveAModelFileAndRetrainAsIfCompactedBeforeSaving(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 300, 4, 2, 3);
        ForestLearner learner = new ForestLearner(new ForestLearner.Options(6, 8, 1, 0, 5, 1, 0.5,
                ForestLearner.Criterion.GINI), seed);
        ForestModel lazy = learner.fit(data);
        ForestModel eager = learner.fit(data);
        for (int i = 0; i < 40; i++) {
            long id = data.recordId(lazy.records().remainingRows()[r.nextInt(lazy.records().remainingCount())]);
            lazy.forget(ForgetRequest.Records.of(id));
            eager.forget(ForgetRequest.Records.of(id));
        }
        eager.compact();
        ForestModel loaded = (ForestModel) ModelFile.fromBytes(ModelFile.toBytes(lazy));
        assertThat(lazy.pendingRetrains()).as("40 of 300 records forgotten leave some subtree pending").isPositive();
        assertThat(loaded.pendingRetrains()).as("pending subtrees stay pending in the file").isPositive();
        assertThat(loaded.verifyInvariants()).isEmpty();
        assertThat(loaded.stateDigest()).isEqualTo(eager.stateDigest());
        loaded.compact();
        assertThat(trees(loaded)).as("compacting after loading = compacting before saving").isEqualTo(trees(eager));
    }

    /** The trees as the model file encodes them (the file's provenance differs between two fits). */
    private static byte[] trees(ForestModel model) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            ForestColumns cols = ForestColumns.of(model.records());
            for (int t = 0; t < model.options().trees(); t++) {
                ForestCodec.write(out, model.root(t), cols);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void aPendingSubtreeWithUnorderedRowsIsACorruptFile() throws Exception {
        Dataset data = RandomData.classification(3, 200, 3, 2, 2);
        ForestModel model = new ForestLearner(new ForestLearner.Options(1, 8, 1, 0, 5, 1, 1.0,
                ForestLearner.Criterion.GINI), 3).fit(data);
        ForestNode root = model.root(0);
        int[] rows = ForestModel.gather(root);
        java.util.Arrays.sort(rows);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(ForestCodec.PENDING);
        int[] swapped = rows.clone();
        swapped[0] = rows[1];
        swapped[1] = rows[0];
        dev.lethe.model.StateCodec.writeInts(out, swapped);
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        assertThatThrownBy(() -> ForestCodec.read(in, root.key, 0, ForestColumns.of(model.records()), 2))
                .isInstanceOf(dev.lethe.model.ModelFileException.class).hasMessageContaining("not strictly ascending");
    }

    @Test
    void aForgottenRowLeavesTheForestsColumnsAtCommit() {
        Dataset data = RandomData.classification(23, 120, 3, 1, 2);
        ForestModel model = new ForestLearner(new ForestLearner.Options(4, 8, 1, 0, 5, 1, 0.5,
                ForestLearner.Criterion.GINI), 3).fit(data);
        int row = model.records().rowOf(data.recordId(5));
        int kept = model.records().rowOf(data.recordId(6));
        model.forget(dev.lethe.model.ForgetRequest.Records.of(data.recordId(5)));
        ForestColumns cols = model.columns();
        for (int j = 0; j < cols.numFeatures(); j++) {
            assertThat(cols.x[j][row]).isZero();
            assertThat(cols.x[j][kept]).isEqualTo(data.value(6, j) + 0.0);
        }
        assertThat(cols.target[row]).isZero();
    }

    @Test
    void aSavedForestHoldsNoLeafRowsAndRoutesThemBackOnLoad() throws java.io.IOException {
        Dataset data = RandomData.classification(19, 400, 3, 1, 2);
        ForestModel model = new ForestLearner(new ForestLearner.Options(4, 8, 1, 0, 5, 1, 0.5,
                ForestLearner.Criterion.GINI), 3).fit(data);
        model.forget(dev.lethe.model.ForgetRequest.Records.of(data.recordId(0), data.recordId(1)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        ForestColumns cols = ForestColumns.of(model.records());
        ForestCodec.write(out, model.root(0), cols);
        int[] rows = ForestModel.gather(model.root(0));
        assertThat(rows.length).isGreaterThan(50);

        ForestNode read = ForestCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())),
                model.root(0).key, 0, cols);
        int[] share = rows.clone();
        java.util.Arrays.sort(share);
        ForestCodec.routeRows(read, share, cols);
        int[] routed = ForestModel.gather(read);
        java.util.Arrays.sort(routed);
        assertThat(routed).containsExactly(share);

        ForestNode again = ForestCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())),
                model.root(0).key, 0, cols);
        assertThatThrownBy(() -> ForestCodec.routeRows(again, java.util.Arrays.copyOf(share, share.length - 1), cols))
                .isInstanceOf(dev.lethe.model.ModelFileException.class).hasMessageContaining("reach it");
    }

    @Test
    void forgettingEveryRecordOfATreeLeavesAUsableModel() {
        Dataset data = RandomData.classification(11, 30, 2, 1, 2);
        ForestLearner learner = new ForestLearner(new ForestLearner.Options(3, 5, 1, 0, 3, 0, 1.0,
                ForestLearner.Criterion.GINI), 5);
        ForestModel model = learner.fit(data);
        Set<Long> all = new LinkedHashSet<>();
        for (int i = 0; i < data.size() - 1; i++) {
            all.add(data.recordId(i));
        }
        model.forget(new ForgetRequest.Records(all));
        assertThat(model.verifyInvariants()).isEmpty();
        assertThat(model.predict(data.row(0))).isEqualTo(data.label(data.size() - 1));
        UnlearnableModel m = model;
        assertThat(m.history().records()).hasSize(data.size() - 1);
    }

    @Test
    void theInvariantCheckCatchesStaleStatisticsWrongSplitsAndForgottenRows() {
        Dataset data = RandomData.classification(21, 300, 3, 1, 2);
        ForestLearner learner = new ForestLearner(new ForestLearner.Options(4, 6, 1, 0, 5, 0, 1.0,
                ForestLearner.Criterion.GINI), 8);
        ForestModel model = learner.fit(data);
        assertThat(model.verifyInvariants()).isEmpty();
        ForestNode root = model.root(0);
        root.stats[0]++;
        assertThat(model.verifyInvariants()).anySatisfy(p -> assertThat(p).contains("totals"));
        root.stats[0]--;
        root.splitThreshold += 1e-3;
        assertThat(model.verifyInvariants()).isNotEmpty();
        root.splitThreshold -= 1e-3;
        assertThat(model.verifyInvariants()).isEmpty();
        ForestNode leaf = root;
        while (!leaf.isLeaf()) {
            leaf = leaf.left;
        }
        int row = leaf.rows[0];
        model.records().commit(model.records().plan(ForgetRequest.Records.of(data.recordId(row))));
        assertThat(model.verifyInvariants()).anySatisfy(p -> assertThat(p).contains("forgotten record"));
    }
}
