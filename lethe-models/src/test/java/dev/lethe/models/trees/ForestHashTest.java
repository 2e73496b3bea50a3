package dev.lethe.models.trees;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A record's trees (OCC(q)) are the first {@code m} distinct trees of its draw sequence, ascending: the
 * bitset that {@link ForestHash#treesOf} keeps gives the very trees the pairwise check and sort did, so
 * forests saved before still route their rows to the same trees on load.
 */
class ForestHashTest {

    /** The draws as they were taken before: a linear check for repeats, then a sort. */
    private static int[] reference(long seed, long recordHash, int trees, int m) {
        int[] out = new int[m];
        long state = ForestHash.mix(seed ^ recordHash ^ 0x0CC0CC0CL);
        int k = 0;
        while (k < m) {
            state += 0x9E3779B97F4A7C15L;
            int t = (int) (((ForestHash.mix(state) >>> 33) * trees) >>> 31);
            boolean seen = false;
            for (int i = 0; i < k; i++) {
                seen |= out[i] == t;
            }
            if (!seen) {
                out[k++] = t;
            }
        }
        Arrays.sort(out);
        return out;
    }

    @Property(tries = 300)
    void treesOfDrawsTheSameTreesAsAPairwiseCheck(@ForAll long seed, @ForAll long recordHash,
                                                  @ForAll @IntRange(min = 2, max = 300) int trees,
                                                  @ForAll @IntRange(min = 1, max = 299) int wanted) {
        int m = Math.min(wanted, trees - 1);
        assertThat(ForestHash.treesOf(seed, recordHash, trees, m)).isEqualTo(reference(seed, recordHash, trees, m));
    }
}
