package dev.lethe.models.trees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Batches of more than 64 removed rows take the batch paths of a forget: the removed rows' values are
 * coded once per batch ({@link RemovedValueCodes}) and a node subtracts them from its counts per level
 * ({@link TreeGrower#subtractAll}); splits partition the rows in place; a pending subtree keeps its size
 * as its remaining rows. On data with few distinct values per feature (as Fertility's), where those
 * paths are taken, the statistics equal subtracting row by row and the forest equals retraining.
 */
class ForestBatchForgetTest {

    /** Random data whose numeric features take 2 to 12 values each (categorical ones already take few). */
    private static Dataset fewValues(long seed, Random r, boolean classification, int rows) {
        Dataset d = classification
                ? RandomData.classification(seed, rows, 1 + r.nextInt(4), r.nextInt(3), 2 + r.nextInt(3))
                : RandomData.regression(seed, rows, 1 + r.nextInt(4), r.nextInt(3));
        int f = d.numFeatures();
        int[] levels = new int[f];
        for (int j = 0; j < f; j++) {
            levels[j] = 2 + r.nextInt(11);
        }
        double[] values = new double[rows * f];
        double[] targets = new double[rows];
        double[] row = new double[f];
        String[] subjects = new String[rows];
        for (int i = 0; i < rows; i++) {
            d.copyRow(i, row);
            for (int j = 0; j < f; j++) {
                values[i * f + j] = d.schema().feature(j).isCategorical() ? row[j] : r.nextInt(levels[j]) * 0.5 - 1;
            }
            targets[i] = d.target(i);
            subjects[i] = d.subjectId(i);
        }
        return Dataset.of(d.schema(), values, targets, d.recordIds(), subjects);
    }

    /** Between 65 and 65 + a quarter of the remaining records, at random. */
    private static ForgetRequest batch(Random r, ForestModel model, Dataset data) {
        int[] live = model.records().remainingRows();
        int k = Math.min(live.length - 8, 65 + r.nextInt(live.length / 4));
        Set<Long> ids = new LinkedHashSet<>();
        while (ids.size() < k) {
            ids.add(data.recordId(live[r.nextInt(live.length)]));
        }
        return new ForgetRequest.Records(ids);
    }

    @Property(tries = 40)
    void batchForgetsMatchRetrainingAndSurviveAModelFile(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        boolean classification = r.nextInt(4) > 0;
        Dataset data = fewValues(seed, r, classification, 400 + r.nextInt(600));
        ForestLearner learner = ForestModelTest.learner(r, classification);
        ForestModel model = learner.fit(data);
        int batches = 1 + r.nextInt(3);
        for (int b = 0; b < batches; b++) {
            model.forget(batch(r, model, data));
            assertThat(model.verifyInvariants()).isEmpty();
        }
        ForestModel loaded = (ForestModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.verifyInvariants()).isEmpty();
        loaded.forget(batch(r, loaded, data));
        assertThat(loaded.verifyInvariants()).isEmpty();
        Exactness.assertMatchesRetrained(loaded, learner, data, classification ? 0 : 1e-9);
        Exactness.assertMatchesRetrained(model, learner, data, classification ? 0 : 1e-9);
    }

    @Property(tries = 60)
    void subtractingCodedRowsEqualsSubtractingThemOneByOne(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        Dataset data = fewValues(seed, r, true, 100 + r.nextInt(300)); // a regression node's sums go row by row
        ForestModel model = ForestModelTest.learner(r, true).fit(data);
        TreeGrower grower = new TreeGrower(model.options(), model.columns());
        int[] coded = new int[1];
        for (int t = 0; t < model.options().trees(); t++) {
            visit(model.root(t), grower, r, coded);
        }
        assertThat(coded[0]).as("nodes whose rows were subtracted by level").isPositive();
    }

    @Property(tries = 40)
    void codesNameEachRemovedValueAmongTheBatchsLevels(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        Dataset data = r.nextBoolean() ? fewValues(seed, r, true, 300 + r.nextInt(700))
                : RandomData.classification(seed, 300 + r.nextInt(700), 1 + r.nextInt(3), r.nextInt(2), 2);
        ForestColumns cols = ForestColumns.of(data);
        int[] batch = java.util.stream.IntStream.range(0, data.size()).filter(i -> r.nextBoolean()).toArray();
        RemovedValueCodes codes = RemovedValueCodes.of(cols, batch);
        for (int f = 0; f < cols.numFeatures(); f++) {
            double[] x = cols.x[f];
            double[] distinct = Arrays.stream(batch).mapToDouble(i -> x[i]).distinct().sorted().toArray();
            double[] levels = codes.levels(f);
            if (distinct.length > RemovedValueCodes.MAX_LEVELS) {
                assertThat(levels).as("a feature with too many values keeps the per-row search").isNull();
                continue;
            }
            assertThat(levels).isEqualTo(distinct);
            for (int i : batch) {
                assertThat(levels[codes.codes(f)[i]]).isEqualTo(x[i]);
            }
        }
    }

    private static void visit(ForestNode node, TreeGrower grower, Random r, int[] coded) {
        if (node.hasCandidates() && node.leftSums == null) {
            int[] rows = ForestModel.gather(node);
            Arrays.sort(rows);
            int[] gone = Arrays.stream(rows).filter(x -> r.nextInt(3) > 0).toArray();
            RemovedValueCodes codes = RemovedValueCodes.of(grower.columns(), gone);
            TreeGrowerSubtractTest.assertSameAsOneByOne(node, grower, gone,
                    () -> grower.subtractAll(node, gone, 0, gone.length, codes));
            for (int f = 0; f < node.p; f++) {
                double[] levels = codes.levels(node.feature(f));
                coded[0] += gone.length >= 8 && levels != null && levels.length <= 2 * gone.length ? 1 : 0;
            }
        }
        if (!node.isLeaf()) {
            visit(node.left, grower, r, coded);
            visit(node.right, grower, r, coded);
        }
    }
}
