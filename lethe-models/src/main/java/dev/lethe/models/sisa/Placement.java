package dev.lethe.models.sisa;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * How SISA places records into shards and slices (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P
 * 2021, §IV and §VI). Every placement is a pure function of the seed and of the record itself (its
 * ID, subject or deletion likelihood), never of the other records, so removing records never moves
 * the remaining ones: the shards of D \ S are the shards of D minus S.
 *
 * <ul>
 *   <li>{@link #UNIFORM}: shard and slice from a hash of the record ID, uniform at random.</li>
 *   <li>{@link #SUBJECT}: the shard from a hash of the subject ID (records without a subject by
 *       their own ID), so every record of one data subject is in one shard and forgetting a subject
 *       retrains one constituent.</li>
 *   <li>{@link #LIKELIHOOD}: distribution-aware placement from a per-record deletion likelihood in
 *       [0, 1] (a numeric column): records at or above the threshold go to the first {@code hotShards}
 *       shards, the others to the rest, and within a shard a record's slice grows with its
 *       likelihood, so likely deletions are grouped in few shards and in late slices, where
 *       retraining from the checkpoint is cheapest.</li>
 * </ul>
 * Within a shard, records are ordered by slice, then by a hash of their ID, then by ID.
 */
public enum Placement {
    UNIFORM, SUBJECT, LIKELIHOOD;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Placement of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Where each training row goes. */
    public record Layout(int[] shardOf, int[] sliceOf, int[][] shardRows, int[][] sliceEnds) {

        /** Rows of {@code shard} in training order. */
        public int[] rows(int shard) {
            return shardRows[shard];
        }
    }

    /**
     * Places every row of {@code data}.
     *
     * @param likelihoodColumn the deletion-likelihood feature index (LIKELIHOOD only), else -1
     */
    public Layout place(Dataset data, long seed, int shards, int slices, int likelihoodColumn, double hotThreshold,
                        int hotShards) {
        int n = data.size();
        int[] shardOf = new int[n];
        int[] sliceOf = new int[n];
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            long id = data.recordId(i);
            long h = mix(seed ^ mix(id));
            key[i] = mix(h + 3 * GOLDEN);
            switch (this) {
                case UNIFORM -> {
                    shardOf[i] = (int) Long.remainderUnsigned(h, shards);
                    sliceOf[i] = (int) Long.remainderUnsigned(mix(h + GOLDEN), slices);
                }
                case SUBJECT -> {
                    String subject = data.hasSubjects() ? data.subjectId(i) : null;
                    long sh = subject == null ? h : mix(seed ^ mix(fnv(subject)) ^ GOLDEN);
                    shardOf[i] = (int) Long.remainderUnsigned(sh, shards);
                    sliceOf[i] = (int) Long.remainderUnsigned(mix(h + GOLDEN), slices);
                }
                case LIKELIHOOD -> {
                    double p = data.value(i, likelihoodColumn);
                    if (!(p >= 0 && p <= 1)) {
                        throw new DataException("record " + id + ": deletion likelihood '"
                                + data.schema().feature(likelihoodColumn).name() + "' must be in [0, 1], got " + p);
                    }
                    boolean hot = p >= hotThreshold;
                    int hotCount = Math.min(hotShards, shards);
                    int coldCount = shards - hotCount;
                    if (hot || coldCount == 0) {
                        shardOf[i] = (int) Long.remainderUnsigned(h, hotCount);
                    } else {
                        shardOf[i] = hotCount + (int) Long.remainderUnsigned(h, coldCount);
                    }
                    sliceOf[i] = Math.min(slices - 1, (int) Math.floor(p * slices));
                }
                default -> throw new IllegalStateException();
            }
        }
        int[][] shardRows = new int[shards][];
        int[][] sliceEnds = new int[shards][slices];
        int[][] members = rowsByShard(shardOf, shards);
        // compared without boxing the keys: a Long per comparison was gigabytes of garbage on a 5 M-row shard set
        Comparator<Integer> order = (a, b) -> {
            int c = Integer.compare(sliceOf[a], sliceOf[b]);
            if (c == 0) {
                c = Long.compareUnsigned(key[a], key[b]);
            }
            return c != 0 ? c : Long.compare(data.recordId(a), data.recordId(b));
        };
        for (int k = 0; k < shards; k++) {
            Integer[] rows = IntStream.of(members[k]).boxed().toArray(Integer[]::new);
            Arrays.sort(rows, order);
            shardRows[k] = Arrays.stream(rows).mapToInt(Integer::intValue).toArray();
            int at = 0;
            for (int r = 0; r < slices; r++) {
                while (at < shardRows[k].length && sliceOf[shardRows[k][at]] == r) {
                    at++;
                }
                sliceEnds[k][r] = at;
            }
        }
        return new Layout(shardOf, sliceOf, shardRows, sliceEnds);
    }

    /** Each shard's rows, ascending, in one pass over the rows. */
    private static int[][] rowsByShard(int[] shardOf, int shards) {
        int[] count = new int[shards];
        for (int k : shardOf) {
            count[k]++;
        }
        int[][] out = new int[shards][];
        for (int k = 0; k < shards; k++) {
            out[k] = new int[count[k]];
        }
        int[] fill = new int[shards];
        for (int i = 0; i < shardOf.length; i++) {
            out[shardOf[i]][fill[shardOf[i]]++] = i;
        }
        return out;
    }

    /** The seed of shard {@code k}'s constituent learner. */
    static long shardSeed(long seed, int k) {
        return mix(seed + (k + 1L) * GOLDEN);
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** 64-bit FNV-1a over the UTF-16 code units: a stable hash of a subject ID. */
    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
