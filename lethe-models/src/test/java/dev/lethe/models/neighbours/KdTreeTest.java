package dev.lethe.models.neighbours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KdTreeTest {

    @Property(tries = 150)
    void findsTheSameNeighboursAsABruteForceScan(@ForAll long seed, @ForAll @IntRange(min = 1, max = 600) int rows,
                                                 @ForAll @IntRange(min = 0, max = 4) int numeric,
                                                 @ForAll @IntRange(min = 0, max = 3) int categorical,
                                                 @ForAll @IntRange(min = 1, max = 12) int k) {
        if (numeric + categorical == 0) {
            numeric = 1;
        }
        Dataset data = RandomData.classification(seed, rows, numeric, categorical, 3);
        Random r = new Random(seed);
        boolean[] forgotten = randomForgotten(data, r);
        assertAgreesWithBruteForce(data, forgotten, r, k);
    }

    @Property(tries = 60)
    void handlesMassesOfDuplicates(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int rows,
                                   @ForAll @IntRange(min = 1, max = 9) int k) {
        Dataset data = grid(seed, rows, 3);
        Random r = new Random(seed);
        assertAgreesWithBruteForce(data, randomForgotten(data, r), r, k);
    }

    @Test
    void aHugeBlockOfIdenticalRowsIsOneLeafAndAnswersWithTheSmallestLiveIds() {
        int n = 50_000;
        Dataset data = grid(7, n, 1); // every value 0: all rows identical
        MixedDistance distance = new MixedDistance(data.schema(), new boolean[data.numFeatures()]);
        KdTree tree = KdTree.build(distance, data, IntStream.range(0, n).toArray());
        assertThat(tree.nodeCount()).isEqualTo(1);
        int[] byId = IntStream.range(0, n).boxed()
                .sorted((a, b) -> Long.compare(data.recordId(a), data.recordId(b))).mapToInt(Integer::intValue).toArray();
        tree.remove(byId[1]);
        Neighbours nb = tree.nearest(data.row(0), 3);
        assertThat(nb.rows()).containsExactly(byId[0], byId[2], byId[3]);
        assertThat(nb.squaredDistances()).containsOnly(0.0);
    }

    @Test
    void removingARowTwiceOrAnUnindexedRowFails() {
        Dataset data = RandomData.regression(3, 50, 2, 1);
        MixedDistance distance = new MixedDistance(data.schema(), new boolean[data.numFeatures()]);
        KdTree tree = KdTree.build(distance, data, IntStream.range(0, 40).toArray());
        tree.remove(5);
        assertThat(tree.isLive(5)).isFalse();
        assertThat(tree.liveCount()).isEqualTo(39);
        assertThatThrownBy(() -> tree.remove(5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("row 5");
        assertThatThrownBy(() -> tree.remove(45)).isInstanceOf(IllegalStateException.class).hasMessageContaining("row 45");
        assertThat(tree.liveRows()).hasSize(39).doesNotContain(5, 45);
    }

    @Test
    void anEmptyIndexFindsNothing() {
        Dataset data = RandomData.regression(3, 10, 2, 0);
        KdTree tree = KdTree.build(new MixedDistance(data.schema(), new boolean[2]), data, new int[0]);
        assertThat(tree.nearest(data.row(0), 5).size()).isZero();
    }

    private static void assertAgreesWithBruteForce(Dataset data, boolean[] forgotten, Random r, int k) {
        MixedDistance distance = new MixedDistance(data.schema(), forgotten);
        boolean[] live = new boolean[data.size()];
        List<Integer> indexed = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (r.nextInt(10) != 0) {
                indexed.add(i);
                live[i] = true;
            }
        }
        KdTree tree = KdTree.build(distance, data, indexed.stream().mapToInt(Integer::intValue).toArray());
        for (int round = 0; round < 4; round++) {
            for (int q = 0; q < 15; q++) {
                double[] x = Queries.random(data, r);
                Neighbours expected = BruteForce.nearest(data, live, forgotten, x, k);
                Neighbours actual = tree.nearest(x, k);
                assertThat(actual.rows()).as("neighbour rows").containsExactly(expected.rows());
                assertThat(actual.squaredDistances()).as("squared distances").containsExactly(expected.squaredDistances());
            }
            for (int i = 0; i < data.size(); i++) {
                if (live[i] && r.nextInt(3) == 0) {
                    tree.remove(i);
                    live[i] = false;
                }
            }
        }
    }

    private static boolean[] randomForgotten(Dataset data, Random r) {
        boolean[] forgotten = new boolean[data.numFeatures()];
        int kept = forgotten.length;
        for (int j = 0; j < forgotten.length && kept > 1; j++) {
            if (r.nextInt(4) == 0) {
                forgotten[j] = true;
                kept--;
            }
        }
        return forgotten;
    }

    /** Rows on a coarse grid: two numeric features with {@code levels} integer values and two binary categoricals. */
    static Dataset grid(long seed, int rows, int levels) {
        Random r = new Random(seed);
        Schema schema = new Schema(List.of(Attribute.numeric("a"), Attribute.categorical("b", List.of("n", "y")),
                Attribute.numeric("c"), Attribute.categorical("d", List.of("p", "q", "r"))),
                Attribute.categorical("y", List.of("no", "yes")), Task.CLASSIFICATION);
        double[] values = new double[rows * 4];
        double[] targets = new double[rows];
        long[] ids = new long[rows];
        String[] subjects = new String[rows];
        for (int i = 0; i < rows; i++) {
            values[i * 4] = r.nextInt(levels);
            values[i * 4 + 1] = r.nextInt(Math.min(2, levels));
            values[i * 4 + 2] = r.nextInt(levels) * 0.5;
            values[i * 4 + 3] = r.nextInt(Math.min(3, levels));
            targets[i] = r.nextInt(2);
            ids[i] = 3L * rows - 3L * i + r.nextInt(3); // descending, not dense
            subjects[i] = "g" + r.nextInt(rows / 3 + 1);
        }
        return Dataset.of(schema, values, targets, ids, subjects);
    }
}
