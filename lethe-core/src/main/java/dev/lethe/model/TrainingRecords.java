package dev.lethe.model;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.LevelUsage;
import dev.lethe.data.Schema;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training records a model holds, and what it has forgotten of them. Every family keeps one:
 * it resolves a {@link ForgetRequest} to rows (rejecting unknown or already-forgotten records
 * without changing anything), gives families the features and current target of each row, and
 * yields the {@link ForgetHistory} that retraining from scratch replays.
 *
 * <p>Record IDs that number the rows densely (the usual case) are found in O(1) with no index; others are
 * binary-searched (O(log n), no map of every row: a 10 M-row lake read in ID order), in a sorted copy when
 * they do not ascend. Subjects are indexed once ({@link SubjectIndex}). Both indexes are built on the first lookup,
 * not at fit: a model that never resolves a request (a SISA constituent, whose ensemble resolves requests
 * itself; a retrain oracle) never pays for them, and they were most of a naive Bayes fit (results/spark.md).
 */
public final class TrainingRecords {

    /** The rows; after the first forget, a copy of its own in which forgotten rows are erased. */
    private Dataset data;
    /** The right to erase rows of {@link #data} in place; {@code null} until it owns its rows. */
    private Dataset.Erasable erasable;
    /**
     * An order-independent hash of the live rows' content (record ID, subject, original target, the
     * values, a forgotten feature's erased to zero): the sum of {@link RecordReferences#rowHash} over
     * them, computed when first needed and then kept up to date per removed row. Both the state digest
     * and a version stored by reference use it; {@code null} until first needed.
     */
    private Long liveHash;
    /** Which levels the live rows use; drives the tombstoning of {@link #data}'s dictionaries. */
    private LevelUsage levels;
    /** The record-ID index ({@link IdIndex}); null until the first lookup. Guarded by {@code this}. */
    private IdIndex idIndex;
    /** Each subject's live rows; null until the first lookup. Guarded by {@code this}. */
    private SubjectIndex subjectIndex;
    private final BitSet removed = new BitSet();
    private final Set<String> forgottenFeatures = new LinkedHashSet<>();
    private final Map<Integer, Double> relabelled = new HashMap<>();
    private int remaining;
    /** An order-independent 64-bit hash of the removed record IDs, so a state digest is O(1) to update. */
    private long removedHash;
    /** The same for the current relabels (row and target), updated as relabels change. */
    private long relabelHash;
    private Schema hashedSchema;
    private long schemaHash;

    public TrainingRecords(Dataset data) {
        this(data, null, true);
    }

    /**
     * Records over a private copy of {@code data} taken now, not at the first forget: for a family
     * whose parts (SISA's constituents) keep views of the rows it trains them on, so that erasing a
     * forgotten row or column here erases it from every part too, and no part keeps the caller's arrays.
     */
    public static TrainingRecords owning(Dataset data) {
        Dataset.Erasable copy = data.erasableCopy();
        return new TrainingRecords(copy.data(), copy, true);
    }

    /**
     * @param erasable    the right to erase {@code data}'s rows in place, when this object owns them
     * @param countLevels false when reading a file: levels are counted once its removals and relabels are known
     */
    private TrainingRecords(Dataset data, Dataset.Erasable erasable, boolean countLevels) {
        this.data = data;
        this.erasable = erasable;
        this.remaining = data.size();
        if (countLevels) {
            countLevels();
        }
    }

    /**
     * Where each record ID is: {@code firstId + row} when the IDs number the rows densely ({@code sortedIds} null),
     * else the IDs ascending and the row of each ({@code sortedRows}, null when the IDs already ascend in row
     * order): a binary search, not a boxed map of every row, which cost a SISA shard's fit two objects per row.
     */
    private record IdIndex(long firstId, long[] sortedIds, int[] sortedRows) {

        static IdIndex of(Dataset data) {
            int n = data.size();
            long first = n == 0 ? 0 : data.recordId(0);
            boolean dense = true;
            boolean ascending = true;
            for (int i = 0; i < n && ascending; i++) {
                dense &= data.recordId(i) == first + i;
                ascending = i == 0 || data.recordId(i) > data.recordId(i - 1);
            }
            long[] sorted = dense ? null : ascending ? data.recordIds() : sortedCopy(data.recordIds());
            return new IdIndex(first, sorted, dense || ascending ? null : rowsOfSorted(data, sorted));
        }

        int rowOf(long recordId, int size) {
            if (sortedIds == null) {
                long r = recordId - firstId;
                return r >= 0 && r < size ? (int) r : -1;
            }
            int p = Arrays.binarySearch(sortedIds, recordId);
            return p < 0 ? -1 : sortedRows == null ? p : sortedRows[p];
        }
    }

    /** Record IDs never change (a forgotten row keeps its ID), so the index, once built, stays right. */
    private synchronized IdIndex idIndex() {
        if (idIndex == null) {
            idIndex = IdIndex.of(data);
        }
        return idIndex;
    }

    /**
     * Built from the rows as they are now: a removed row is erased ({@link #scrub}, right after it is marked
     * removed, at commit and when a file is read), its subject gone, so it is not indexed, which is what
     * {@link #scrub} leaves of an index built earlier.
     */
    private synchronized SubjectIndex subjectIndex() {
        if (subjectIndex == null) {
            subjectIndex = SubjectIndex.of(data);
        }
        return subjectIndex;
    }

    private static long[] sortedCopy(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The row of each position of {@code sorted}; a repeated ID resolves to its last row, as a map of them did. */
    private static int[] rowsOfSorted(Dataset data, long[] sorted) {
        int[] rows = new int[sorted.length];
        for (int i = 0; i < rows.length; i++) {
            int p = Arrays.binarySearch(sorted, data.recordId(i));
            while (p > 0 && sorted[p - 1] == sorted[p]) {
                p--;
            }
            for (int q = p; q < sorted.length && sorted[q] == sorted[p]; q++) {
                rows[q] = i;
            }
        }
        return rows;
    }

    /** Recounts the levels the live rows use and tombstones the rest (at fit, and when a file is read). */
    private void countLevels() {
        levels = LevelUsage.of(data, remainingRows(), this::target);
        for (String f : forgottenFeatures) {
            levels.drop(data.schema().indexOf(f));
        }
        pruneLevels();
    }

    private void pruneLevels() {
        Schema pruned = levels.prune(data.schema());
        if (pruned != data.schema()) {
            data = data.withDictionaries(pruned);
        }
    }

    /**
     * The training data as fitted (all rows, all columns, original targets), under the current
     * dictionaries: a level that no remaining record uses is tombstoned. Forgotten rows and forgotten
     * features' columns read 0.
     */
    public Dataset data() {
        return data;
    }

    public Schema schema() {
        return data.schema();
    }

    public int size() {
        return data.size();
    }

    public int remainingCount() {
        return remaining;
    }

    public boolean isRemoved(int row) {
        return removed.get(row);
    }

    public boolean isFeatureForgotten(int feature) {
        return forgottenFeatures.contains(data.schema().feature(feature).name());
    }

    /** The row's current target: its corrected label if it was relabelled. */
    public double target(int row) {
        // no boxed lookup per row when nothing was relabelled (every fit reads each row's target)
        Double t = relabelled.isEmpty() ? null : relabelled.get(row);
        return t == null ? data.target(row) : t;
    }

    public int label(int row) {
        return (int) target(row);
    }

    /** The row of a record ID, or -1. */
    public int rowOf(long recordId) {
        return idIndex().rowOf(recordId, data.size());
    }

    /** Rows not yet removed, ascending. */
    public int[] remainingRows() {
        int[] out = new int[remaining];
        int k = 0;
        for (int i = removed.nextClearBit(0); i < data.size(); i = removed.nextClearBit(i + 1)) {
            out[k++] = i;
        }
        return out;
    }

    /** The remaining rows with corrected targets and all columns (a forgotten feature's column reads 0). */
    public Dataset remainingData() {
        Dataset d = data.select(remainingRows());
        Map<Long, Double> corrections = correctedTargets();
        return corrections.isEmpty() ? d : d.withTargets(corrections);
    }

    /**
     * Resolves a request to rows, checking it can be honoured. Changes nothing.
     *
     * @throws ForgetException for unknown or already-forgotten records, unknown features, classes or labels, and
     *                         for a subject when the model was trained without subject IDs
     */
    public ForgetPlan plan(ForgetRequest request) {
        Schema schema = data.schema();
        if (request instanceof ForgetRequest.Records r) {
            return ForgetPlan.rows(request, liveRows(r.ids()));
        }
        if (request instanceof ForgetRequest.Subject s) {
            if (!data.hasSubjects()) {
                // "0 records, EXACT" would claim the subject is gone when the model cannot know whose rows it holds
                throw new ForgetException("this model has no subject column (it was trained without --subject), so it "
                        + "cannot know which records belong to a subject; forget them by record ID instead");
            }
            int[] rows;
            synchronized (this) {
                rows = subjectIndex().rowsOf(data, s.subjectId());
            }
            return ForgetPlan.rows(request, Arrays.stream(rows).filter(i -> !removed.get(i)).toArray());
        }
        if (request instanceof ForgetRequest.Feature f) {
            int j = schema.indexOf(f.name());
            if (j < 0) {
                throw new ForgetException("unknown feature " + LetheException.quote(f.name()) + "; the model's features are " + LetheException.names(schema.featureNames()));
            }
            if (forgottenFeatures.contains(f.name())) {
                throw new ForgetException("feature '" + f.name() + "' is already forgotten");
            }
            if (forgottenFeatures.size() + 1 == schema.numFeatures()) {
                throw new ForgetException("feature '" + f.name() + "' is the model's last feature; a model needs at least one");
            }
            return ForgetPlan.feature(request, j);
        }
        if (request instanceof ForgetRequest.ClassLabel c) {
            if (!schema.isClassification()) {
                throw new ForgetException("a class request needs a classifier; this model predicts the number '"
                        + schema.target().name() + "'");
            }
            int k = schema.target().levelIndex(c.label());
            if (k < 0 && schema.target().numLiveLevels() < schema.numClasses()) {
                // the class may be one whose last record was forgotten (its name is gone): nothing to remove
                return ForgetPlan.rows(request, new int[0]);
            }
            if (k < 0) {
                throw new ForgetException("unknown class " + LetheException.quote(c.label()) + "; classes are " + schema.target().liveLevels());
            }
            List<Integer> rows = new ArrayList<>();
            for (int i = removed.nextClearBit(0); i < data.size(); i = removed.nextClearBit(i + 1)) {
                if (label(i) == k) {
                    rows.add(i);
                }
            }
            return ForgetPlan.rows(request, rows.stream().mapToInt(Integer::intValue).toArray());
        }
        if (request instanceof ForgetRequest.Relabel r) {
            int[] rows = liveRows(r.labels().keySet());
            double[] targets = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                targets[i] = parseTarget(schema.target(), data.recordId(rows[i]), r.labels().get(data.recordId(rows[i])));
            }
            return ForgetPlan.relabel(request, rows, targets);
        }
        throw new ForgetException("unsupported request " + request);
    }

    private int[] liveRows(Set<Long> ids) {
        int[] rows = new int[ids.size()];
        List<Long> unknown = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        int k = 0;
        for (long id : ids) {
            int r = rowOf(id);
            if (r < 0) {
                unknown.add(id);
            } else if (removed.get(r)) {
                gone.add(id);
            } else {
                rows[k++] = r;
            }
        }
        if (!unknown.isEmpty()) {
            throw new ForgetException(count(unknown) + " not in the model's training data: " + sample(unknown));
        }
        if (!gone.isEmpty()) {
            throw new ForgetException(count(gone) + " already forgotten: " + sample(gone));
        }
        Arrays.sort(rows);
        return rows;
    }

    private static String count(List<Long> ids) {
        return ids.size() == 1 ? "record ID is" : ids.size() + " record IDs are";
    }

    private static String sample(List<Long> ids) {
        List<Long> sorted = ids.stream().sorted().toList();
        return sorted.size() <= 5 ? sorted.toString() : sorted.subList(0, 5) + " and " + (sorted.size() - 5) + " more";
    }

    private static double parseTarget(Attribute target, long id, String label) {
        if (target.isCategorical()) {
            int k = target.levelIndex(label);
            if (k < 0) {
                throw new ForgetException("record " + id + ": unknown class " + LetheException.quote(label) + "; classes are " + target.liveLevels());
            }
            return k;
        }
        try {
            double v = Double.parseDouble(label);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ForgetException("record " + id + ": expected a finite number as the new target, got " + LetheException.quote(label));
    }

    /** Records an applied plan. Call only after the family has applied it. */
    public void commit(ForgetPlan plan) {
        if (plan.removesRows()) {
            for (int r : plan.rows()) {
                levels.remove(data, r, target(r));
            }
            markRemoved(plan.rows());
            scrub(plan.rows());
        } else if (plan.isFeature()) {
            forgottenFeatures.add(data.schema().feature(plan.feature()).name());
            levels.drop(plan.feature());
            eraseColumn(plan.feature());
        } else if (plan.isRelabel()) {
            for (int i = 0; i < plan.rows().length; i++) {
                int row = plan.rows()[i];
                levels.relabel(target(row), plan.newTargets()[i]);
                Double previous = relabelled.put(row, plan.newTargets()[i]);
                if (previous != null) {
                    relabelHash -= relabelMix(row, previous);
                }
                relabelHash += relabelMix(row, plan.newTargets()[i]);
            }
        }
        pruneLevels();
    }

    private void markRemoved(int[] rows) {
        for (int r : rows) {
            removed.set(r);
            removedHash += mix(data.recordId(r));
        }
        remaining -= rows.length;
    }

    /**
     * Erases forgotten rows from memory as the forget commits: their features, target and subject (in
     * the rows and in the subject index) go, their record ID stays (to refuse a second request and to
     * replay the history), exactly as a model file writes them. The first erasure first takes a copy
     * of the rows of its own, so data the caller still holds is never changed.
     */
    private void scrub(int[] rows) {
        if (rows.length == 0) {
            return;
        }
        owned();
        double[] scratch = new double[data.numFeatures()];
        for (int r : rows) {
            if (liveHash != null) {
                liveHash -= RecordReferences.rowHash(data, r, scratch);
            }
            synchronized (this) { // with the erasure, so that an index built meanwhile sees the row either live or gone
                if (subjectIndex != null) {
                    subjectIndex.remove(data, r);
                }
                erasable.erase(r);
            }
        }
    }

    /**
     * Erases a forgotten feature's values from memory as the forget commits (and so from every file
     * written afterwards), in the copy of its own this object takes first. The by-reference content
     * hash is recomputed over the erased column, so it never depends on a forgotten feature's values.
     */
    private void eraseColumn(int feature) {
        owned().eraseColumn(feature);
        liveHash = null;
    }

    /** The right to erase {@link #data}'s rows and columns, taking a private copy of the rows first. */
    private Dataset.Erasable owned() {
        if (erasable == null) {
            erasable = data.erasableCopy();
            data = erasable.data();
        }
        return erasable;
    }

    /**
     * The level of a categorical feature that most remaining records use (the lowest index on a tie,
     * as reading a file imputes), or -1 when no remaining record uses any.
     */
    public int mostUsedLevel(int feature) {
        int best = -1;
        int levelsOf = data.schema().feature(feature).numLevels();
        for (int k = 0; k < levelsOf; k++) {
            int c = levels.featureCount(feature, k);
            if (c > 0 && (best < 0 || c > levels.featureCount(feature, best))) {
                best = k;
            }
        }
        return best;
    }

    /** The subjects this object can still resolve a request for (those with a live row). */
    public synchronized Set<String> subjects() {
        return java.util.Collections.unmodifiableSet(subjectIndex().subjects(data));
    }

    private long liveHash() {
        if (liveHash == null) {
            liveHash = RecordReferences.liveRowHashSum(data, removed);
        }
        return liveHash;
    }

    /**
     * The live rows' content hash: the sum of {@link #contentTerm} over them, which a state digest includes and a
     * state written by reference carries (computed on first use, then kept up to date per forgotten row).
     */
    public long contentHash() {
        return liveHash();
    }

    /**
     * Takes the content hash from a caller that keeps the same sum up to date itself, sparing a pass over the rows
     * (SISA's executor-resident shards, which subtract a forgotten row's term as they erase it). Ignored once known.
     * A wrong value is caught where the state is read back: a state written by reference is checked against the
     * reader's own rows.
     */
    public void knownContentHash(long hash) {
        if (liveHash == null) {
            liveHash = hash;
        }
    }

    /** One row's term of {@link #contentHash} (its record ID, subject, target and values). */
    public static long contentTerm(Dataset data, int row, double[] scratch) {
        return RecordReferences.rowHash(data, row, scratch);
    }

    /** SplitMix64's finaliser: spreads record IDs so their sum is a usable set hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long relabelMix(int row, double target) {
        return mix(mix(row) ^ Double.doubleToLongBits(target));
    }

    /**
     * The schema (names, kinds, category dictionaries) is part of the data a model holds; hashed apart
     * from the rows because forgetting can tombstone a dictionary value, and cached per schema.
     */
    private long schemaHash() {
        if (hashedSchema != data.schema()) {
            hashedSchema = data.schema();
            byte[] schema = Digests.sha256().digest(hashedSchema.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            schemaHash = java.nio.ByteBuffer.wrap(schema).getLong();
        }
        return schemaHash;
    }

    /**
     * Adds what this object holds to a state digest: the live rows' content (hashed once, then updated
     * per removed row), the schema, and what was forgotten, in O(forgotten features) after the first call.
     */
    public void digest(StateDigest d) {
        d.add(data.size()).add(remaining).add(removedHash).add(relabelled.size()).add(relabelHash).add(liveHash()).add(schemaHash());
        for (String f : forgottenFeatures) {
            d.add(f);
        }
    }

    private Map<Long, Double> correctedTargets() {
        Map<Long, Double> out = new HashMap<>();
        relabelled.forEach((row, t) -> {
            if (!removed.get(row)) {
                out.put(data.recordId(row), t);
            }
        });
        return out;
    }

    public ForgetHistory history() {
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = removed.nextSetBit(0); i >= 0; i = removed.nextSetBit(i + 1)) {
            ids.add(data.recordId(i));
        }
        return new ForgetHistory(ids, forgottenFeatures, correctedTargets());
    }

    /**
     * Writes the records. Forgotten rows are scrubbed (only their record ID stays, to refuse a second
     * request for them and to replay the history), so the file holds no forgotten personal data.
     */
    public void write(DataOutputStream out) throws IOException {
        if (ModelStateOutput.byReference(out)) {
            RecordReferences.write(out, data, removed, liveHash());
        } else {
            StateCodec.writeDataset(out, data, removed::get);
            StateCodec.writeLongs(out, removed.toLongArray());
        }
        StateCodec.writeStrings(out, new ArrayList<>(forgottenFeatures));
        out.writeInt(relabelled.size());
        for (Map.Entry<Integer, Double> e : relabelled.entrySet()) {
            out.writeInt(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    /**
     * Reads what {@link #write} wrote: embedded records, or records by reference resolved through the
     * stream's {@link RecordSource} (a {@link ModelStateInput}).
     */
    public static TrainingRecords read(DataInputStream in) throws IOException {
        RecordSource source = ModelStateInput.sourceOf(in);
        TrainingRecords r;
        BitSet removed;
        Long expectedHash = null;
        if (source == null) {
            Dataset.Erasable owned = StateCodec.readErasableDataset(in);
            r = new TrainingRecords(owned.data(), owned, false);
            removed = BitSet.valueOf(StateCodec.readLongs(in));
        } else {
            RecordReferences.Resolved resolved = RecordReferences.read(in, source);
            r = new TrainingRecords(resolved.data().data(), resolved.data(), false);
            removed = resolved.removed();
            expectedHash = resolved.liveHash();
        }
        if (removed.length() > r.size()) {
            throw new ModelFileException("corrupted model state: removed row " + (removed.length() - 1) + " of " + r.size());
        }
        int[] gone = removed.stream().toArray();
        r.markRemoved(gone);
        r.scrub(gone); // rows resolved by reference arrive with their values; a file's were written erased
        List<Integer> forgottenColumns = new ArrayList<>();
        for (String f : StateCodec.readStrings(in)) {
            int j = r.schema().indexOf(f);
            if (j < 0) {
                throw new ModelFileException("corrupted model state: forgotten feature '" + f + "' is not in the schema");
            }
            r.forgottenFeatures.add(f);
            forgottenColumns.add(j);
        }
        for (int j : forgottenColumns) {
            r.eraseColumn(j); // the source (a registry's dataset) still holds the column; the model keeps none of it
        }
        if (expectedHash != null && r.liveHash() != expectedHash) {
            throw new ModelFileException("the training records resolved from the record source differ from those the "
                    + "model holds (content hash mismatch)");
        }
        int relabels = StateCodec.readLength(in, 12);
        for (int i = 0; i < relabels; i++) {
            int row = in.readInt();
            if (row < 0 || row >= r.size()) {
                throw new ModelFileException("corrupted model state: relabelled row " + row);
            }
            double target = in.readDouble();
            r.relabelled.put(row, target);
            r.relabelHash += relabelMix(row, target);
        }
        r.countLevels();
        return r;
    }
}
