package dev.lethe.models.trees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * A node losing many rows at once ({@link TreeGrower#subtractAll}, bucketed between the thresholds)
 * ends with the very statistics, and the same "a candidate value vanished" answer, as losing them one
 * by one ({@link TreeGrower#adjust}), on numeric and categorical features, for internal nodes and
 * NO_SPLIT leaves alike.
 */
class TreeGrowerSubtractTest {

    @Property(tries = 60)
    void subtractingRowsAtOnceEqualsSubtractingThemOneByOne(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 80 + r.nextInt(200), 1 + r.nextInt(4), 1 + r.nextInt(3), 2 + r.nextInt(3));
        var options = new ForestLearner.Options(3, 2 + r.nextInt(5), 1 + r.nextInt(3), 0, 2 + r.nextInt(8), r.nextInt(2), 1.0,
                r.nextBoolean() ? ForestLearner.Criterion.GINI : ForestLearner.Criterion.ENTROPY);
        ForestModel model = new ForestLearner(options, seed).fit(data);
        TreeGrower grower = new TreeGrower(options, model.columns());
        int[] checked = new int[1];
        for (int t = 0; t < options.trees(); t++) {
            visit(model.root(t), grower, r, checked);
        }
        assertThat(checked[0]).as("nodes with split statistics checked").isPositive();
    }

    /**
     * Checks that {@code subtract} leaves the node's statistics, and its "a candidate value vanished"
     * answer, as subtracting {@code gone} one by one would; leaves the node as it was.
     */
    static void assertSameAsOneByOne(ForestNode node, TreeGrower grower, int[] gone, BooleanSupplier subtract) {
        int[] before = node.stats.clone();
        boolean atOnce = subtract.getAsBoolean();
        int[] after = node.stats.clone();
        node.stats = before.clone();
        boolean oneByOne = false;
        for (int row : gone) {
            oneByOne |= grower.adjust(node, row, grower.columns().target[row], -1);
        }
        assertThat(after).isEqualTo(node.stats);
        assertThat(atOnce).isEqualTo(oneByOne);
        node.stats = before;
    }

    private static void visit(ForestNode node, TreeGrower grower, Random r, int[] checked) {
        if (node.hasCandidates()) {
            int[] rows = ForestModel.gather(node);
            int[] gone = Arrays.stream(rows).filter(x -> r.nextInt(3) > 0).toArray();
            assertSameAsOneByOne(node, grower, gone, () -> grower.subtractAll(node, gone));
            checked[0] += gone.length >= 8 ? 1 : 0;
        }
        if (!node.isLeaf()) {
            visit(node.left, grower, r, checked);
            visit(node.right, grower, r, checked);
        }
    }
}
