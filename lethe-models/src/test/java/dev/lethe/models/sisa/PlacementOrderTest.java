package dev.lethe.models.sisa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A shard's training order is part of what a constituent learns, so it must not change with how it is computed:
 * the rows of each shard ordered by slice, then by the unsigned hash key of their ID, then by ID, exactly as a
 * plain scan and sort of every row computes it.
 */
class PlacementOrderTest {

    @Property(tries = 60)
    void eachShardHoldsItsRowsInSliceKeyAndIdOrder(@ForAll @LongRange(min = 1, max = 10_000) long seed,
                                                  @ForAll @IntRange(min = 0, max = 300) int rows,
                                                  @ForAll @IntRange(min = 1, max = 9) int shards,
                                                  @ForAll @IntRange(min = 1, max = 5) int slices) {
        Dataset data = RandomData.classification(seed, rows, 2, 1, 2);
        for (Placement placement : new Placement[] {Placement.UNIFORM, Placement.SUBJECT}) {
            Placement.Layout layout = placement.place(data, seed, shards, slices, -1, 0, 0);
            for (int k = 0; k < shards; k++) {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    if (layout.shardOf()[i] == k) {
                        expected.add(i);
                    }
                }
                long[] key = new long[rows];
                for (int i = 0; i < rows; i++) {
                    key[i] = Placement.mix(Placement.mix(seed ^ Placement.mix(data.recordId(i))) + 3 * 0x9E3779B97F4A7C15L);
                }
                expected.sort(Comparator.<Integer>comparingInt(i -> layout.sliceOf()[i])
                        .thenComparing(i -> key[i], Long::compareUnsigned)
                        .thenComparingLong(data::recordId));
                assertThat(layout.rows(k)).as(placement + " shard " + k)
                        .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }
}
