package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shard rows held where shard jobs run (an executor's JVM, for a {@linkplain ShardRunner#shipsJobs()
 * runner that ships jobs}), so that a forget ships only the removed record IDs and the checkpoint it
 * resumes from instead of the shard (SISA's cost model: a forget costs retraining the affected slices,
 * Bourtoule et al., IEEE S&amp;P 2021, §IV). One entry per <em>slot</em> (a model's residence ID and a
 * shard index), tagged with the {@linkplain #digest content digest} of its prepared rows.
 *
 * <p>Rules that keep it exact and keep forgotten rows out of it:
 * <ul>
 * <li>A forget job names the digest it expects to find and the digest its result must have; a slot
 *     that is absent (a lost executor, a JVM that never held it, a task retried elsewhere) or whose
 *     rows do not hash to what the driver expects is dropped and answered "not resident", and the
 *     driver ships the whole shard instead: never a wrong answer.</li>
 * <li>Applying a forget takes the slot out, <em>erases the removed rows in place</em>
 *     ({@link Dataset.Erasable#erase}: features, target and subject zeroed) and holds the rest under
 *     the new digest; replacing or dropping a slot erases every row it held. Nothing is written to disk.
 *     So after a forget no resident copy of a forgotten row is left in this JVM; on a cluster a copy
 *     can stay only on an executor that held the slot before Spark placed the forget elsewhere and
 *     that is still alive, until {@link #release} or its JVM ends.</li>
 * </ul>
 */
public final class ResidentShards {

    /**
     * A slot's rows: the owned arrays, the live rows among them in training order, their relabels and slice ends,
     * and the content hash of their {@link #view} as training records compute it
     * ({@link dev.lethe.model.TrainingRecords#contentHash}; null when not known), kept up to date as rows are erased.
     */
    record Resident(String digest, Dataset.Erasable owned, int[] rows, Map<Long, Double> relabels, int[] keptEnds,
                    Long contentHash) {

        Resident withContentHash(Long h) {
            return new Resident(digest, owned, rows, relabels, keptEnds, h);
        }

        Dataset view() {
            Dataset v = owned.data().select(rows);
            return relabels.isEmpty() ? v : v.withTargets(relabels);
        }

        /** Erases every row this entry holds. */
        void erase() {
            for (int i = 0; i < owned.data().size(); i++) {
                owned.erase(i);
            }
        }
    }

    private static final Map<String, Resident> HELD = new ConcurrentHashMap<>();

    private ResidentShards() {
    }

    static String slot(String residence, int shard) {
        return residence + "/" + shard;
    }

    /** Holds {@code r} in {@code slot}, erasing whatever the slot held before. */
    static void hold(String slot, Resident r) {
        Resident old = HELD.put(slot, r);
        if (old != null && old.owned() != r.owned()) {
            old.erase();
        }
    }

    /** Takes the slot's entry out (null when absent); the caller holds or erases it. */
    static Resident take(String slot) {
        return HELD.remove(slot);
    }

    /** Drops and erases every slot of a model's residence: the model is gone. */
    public static void release(String residence) {
        HELD.keySet().removeIf(slot -> {
            if (slot.startsWith(residence + "/")) {
                Resident r = HELD.get(slot);
                if (r != null) {
                    r.erase();
                }
                return true;
            }
            return false;
        });
    }

    /** Drops and erases everything, as a lost executor does: the next jobs must rebuild their rows. */
    public static void clear() {
        HELD.values().forEach(Resident::erase);
        HELD.clear();
    }

    /** Resident live rows of a model's residence in this JVM. */
    public static long rows(String residence) {
        return HELD.entrySet().stream().filter(e -> e.getKey().startsWith(residence + "/"))
                .mapToLong(e -> e.getValue().rows().length).sum();
    }

    /**
     * Whether any resident array in this JVM still holds content of the record (its subject, target or
     * a non-zero feature) in a model's residence, live or not: what a forget must leave false for a
     * forgotten record.
     */
    public static boolean holdsContentOf(String residence, long recordId) {
        for (Map.Entry<String, Resident> e : HELD.entrySet()) {
            if (!e.getKey().startsWith(residence + "/")) {
                continue;
            }
            Dataset d = e.getValue().owned().data();
            for (int i = 0; i < d.size(); i++) {
                if (d.recordId(i) == recordId && (d.subjectId(i) != null || d.target(i) != 0 || nonZero(d.row(i)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean nonZero(double[] values) {
        for (double v : values) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The digest of a prepared shard: the sum of a 64-bit term per row ({@link #term}: record ID, target,
     * features, subject and slice) and a hash of its shape (feature names, slice ends). A sum, so that the
     * driver derives a forget's expected digest from the previous one and the rows it changes
     * ({@link #after}) without a pass over the shard, while the executor recomputes it in full from the
     * rows it holds. It guards residence against stale or mismatched rows, not against an adversary
     * (within a slice, rows keep their order by construction: deletions never reorder them).
     */
    static String digest(Dataset shard, int[] keptEnds) {
        int n = shard.size();
        int[] slices = new int[n];
        for (int i = 0, slice = 0; i < n; i++) {
            while (i >= keptEnds[slice]) {
                slice++;
            }
            slices[i] = slice;
        }
        int f = shard.numFeatures();
        double[] a = new double[f];
        double[] b = new double[f];
        double[] c = new double[f];
        double[] d = new double[f];
        long sum = 0;
        int i = 0;
        // four rows side by side: each term is one chain of dependent mixes, four chains let the processor overlap them
        for (; i + 4 <= n; i += 4) {
            shard.copyRow(i, a);
            shard.copyRow(i + 1, b);
            shard.copyRow(i + 2, c);
            shard.copyRow(i + 3, d);
            long ha = start(shard, i, shard.target(i), slices[i]);
            long hb = start(shard, i + 1, shard.target(i + 1), slices[i + 1]);
            long hc = start(shard, i + 2, shard.target(i + 2), slices[i + 2]);
            long hd = start(shard, i + 3, shard.target(i + 3), slices[i + 3]);
            for (int j = 0; j < f; j++) {
                ha = mix(ha + Double.doubleToLongBits(a[j]));
                hb = mix(hb + Double.doubleToLongBits(b[j]));
                hc = mix(hc + Double.doubleToLongBits(c[j]));
                hd = mix(hd + Double.doubleToLongBits(d[j]));
            }
            sum += finish(shard, i, ha) + finish(shard, i + 1, hb) + finish(shard, i + 2, hc) + finish(shard, i + 3, hd);
        }
        for (; i < n; i++) {
            sum += term(shard, i, shard.target(i), slices[i], a);
        }
        return of(sum, shard, keptEnds);
    }

    /** The digest {@code previous} becomes when {@code delta} (a sum of {@link #term}s) is added and the shape is {@code shard}'s. */
    static String after(String previous, long delta, Dataset shard, int[] keptEnds) {
        return of(Long.parseUnsignedLong(previous.substring(0, 16), 16) + delta, shard, keptEnds);
    }

    private static String of(long sum, Dataset shard, int[] keptEnds) {
        long shape = mix(shard.schema().featureNames().hashCode());
        for (int e : keptEnds) {
            shape = mix(shape ^ e);
        }
        return String.format("%016x%016x", sum, shape);
    }

    /** One row's term of the digest, with {@code target} as its target and {@code slice} as its slice. */
    static long term(Dataset d, int i, double target, int slice, double[] scratch) {
        long h = start(d, i, target, slice);
        for (double v : d.copyRow(i, scratch)) {
            h = mix(h + Double.doubleToLongBits(v));
        }
        return finish(d, i, h);
    }

    private static long start(Dataset d, int i, double target, int slice) {
        return mix(mix(d.recordId(i) ^ 0x9E3779B97F4A7C15L) ^ Double.doubleToLongBits(target)) ^ slice;
    }

    private static long finish(Dataset d, int i, long h) {
        String s = d.subjectId(i);
        return mix(h ^ (s == null ? 0x5bd1e995L : ((long) s.length() << 32) ^ s.hashCode()));
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
