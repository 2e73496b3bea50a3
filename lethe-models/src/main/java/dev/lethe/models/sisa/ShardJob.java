package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import dev.lethe.model.IncrementalLearner;
import dev.lethe.model.Learner;
import dev.lethe.model.UnlearnableModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Trains one shard's constituent, from scratch or from the checkpoint before slice {@code fromSlice}.
 * For an {@link IncrementalLearner} each slice is one training step over every record seen so far
 * (slices 0..r), with a checkpoint after it, as in SISA's slicing (Bourtoule et al., IEEE S&amp;P 2021,
 * §IV-C); for other learners the shard is fitted from scratch in one go.
 *
 * @param rows      the shard's training rows (of {@code data}) in training order, slice by slice
 * @param sliceEnds the exclusive end in {@code rows} of each slice
 * @param live      which rows are still to be learnt from
 * @param relabels  corrected targets by record ID (may name records outside this shard)
 * @param excluded  features the constituents must not see
 * @param previous  the shard's state before (for its checkpoints); null when training from scratch
 */
record ShardJob(Learner<?> base, Dataset data, int[] rows, int[] sliceEnds, IntPredicate live, Map<Long, Double> relabels,
                Set<String> excluded, int fromSlice, ShardState previous) {

    /** Steps this job runs, for progress. */
    int steps() {
        return base instanceof IncrementalLearner<?> ? sliceEnds.length - fromSlice : 1;
    }

    ShardState run(Runnable stepDone) {
        Prepared p = prepare();
        if (p == null) {
            for (int s = 0; s < steps(); s++) {
                stepDone.run();
            }
            return ShardState.empty(sliceEnds.length);
        }
        return train(base, p.shard(), p.keptEnds(), fromSlice, previous == null ? null : previous.checkpoints(), stepDone);
    }

    /** The shard's live rows (relabelled, without excluded features) and each slice's end among them; null when none is live. */
    record Prepared(Dataset shard, int[] keptEnds, Map<Long, Double> relabels) {
    }

    /** The record IDs of this shard's rows that are not live (forgotten now or before). */
    long[] droppedIds() {
        long[] out = new long[rows.length];
        int n = 0;
        for (int row : rows) {
            if (!live.test(row)) {
                out[n++] = data.recordId(row);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    Prepared prepare() {
        int slices = sliceEnds.length;
        int[] kept = new int[rows.length];
        int[] keptEnds = new int[slices];
        int m = 0;
        int slice = 0;
        for (int p = 0; p < rows.length; p++) {
            while (p >= sliceEnds[slice]) {
                keptEnds[slice++] = m;
            }
            if (live.test(rows[p])) {
                kept[m++] = rows[p];
            }
        }
        while (slice < slices) {
            keptEnds[slice++] = m;
        }
        if (m == 0) {
            return null;
        }
        Dataset shard = data.select(java.util.Arrays.copyOf(kept, m));
        Map<Long, Double> mine = new HashMap<>();
        for (int i = 0; i < m && !relabels.isEmpty(); i++) {
            Double t = relabels.get(shard.recordId(i));
            if (t != null) {
                mine.put(shard.recordId(i), t);
            }
        }
        if (!mine.isEmpty()) {
            shard = shard.withTargets(mine);
        }
        if (!excluded.isEmpty()) {
            shard = shard.withoutFeatures(excluded);
        }
        return new Prepared(shard, keptEnds, mine);
    }

    /**
     * Trains a prepared shard: slice by slice from the checkpoint before {@code fromSlice} for an
     * incremental learner, in one go otherwise.
     *
     * @param previous the shard's checkpoints before (only those before {@code fromSlice} are read)
     */
    static ShardState train(Learner<?> base, Dataset shard, int[] keptEnds, int fromSlice, byte[][] previous,
                            Runnable stepDone) {
        int slices = keptEnds.length;
        UnlearnableModel model;
        byte[][] checkpoints = new byte[slices][];
        if (base instanceof IncrementalLearner<?> incremental) {
            for (int r = 0; r < fromSlice; r++) {
                checkpoints[r] = previous[r];
            }
            for (int r = fromSlice; r < slices; r++) {
                Dataset seen = shard.select(prefix(keptEnds[r]));
                checkpoints[r] = incremental.trainStep(r == 0 ? null : checkpoints[r - 1], seen, r, slices);
                stepDone.run();
            }
            model = incremental.model(checkpoints[slices - 1], shard);
        } else {
            model = base.fit(shard);
            stepDone.run();
        }
        return new ShardState(model, checkpoints, shard.size());
    }

    private static int[] prefix(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
