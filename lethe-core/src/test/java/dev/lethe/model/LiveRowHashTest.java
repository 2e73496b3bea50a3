package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.util.BitSet;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The live rows' hash computed four rows at a time is the sum of the per-row hashes it replaces, so
 * state digests and the hashes stored with records by reference are unchanged.
 */
class LiveRowHashTest {

    @Property(tries = 40)
    void fourRowsAtATimeGiveTheSumOfTheRowHashes(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                  @ForAll @IntRange(min = 0, max = 41) int rows,
                                                  @ForAll @IntRange(min = 0, max = 100) int removedPercent) {
        Dataset data = RandomData.classification(seed, rows, 1 + (int) (seed % 5), (int) (seed % 2), 3);
        Random random = new Random(seed);
        BitSet removed = new BitSet();
        for (int i = 0; i < rows; i++) {
            if (random.nextInt(100) < removedPercent) {
                removed.set(i);
            }
        }
        long expected = 0;
        double[] scratch = new double[data.numFeatures()];
        for (int i = 0; i < rows; i++) {
            if (!removed.get(i)) {
                expected += RecordReferences.rowHash(data, i, scratch);
            }
        }
        assertThat(RecordReferences.liveRowHashSum(data, removed)).isEqualTo(expected);
    }
}
