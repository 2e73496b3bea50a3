package dev.lethe.models.sisa;

import dev.lethe.data.Schema;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.RefusedException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Guarantee;
import dev.lethe.model.IncrementalLearner;
import dev.lethe.model.Model;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.ModelStateInput;
import dev.lethe.model.ModelStateOutput;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingProgress;
import dev.lethe.model.TrainingRecords;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A SISA ensemble (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021): one constituent per shard,
 * aggregated. Forgetting records retrains only the constituents of the shards that held them, each
 * once per request, from the checkpoint before the earliest affected slice (from scratch for base
 * learners that are not {@link IncrementalLearner incremental}). Because placement depends only on
 * the seed and each record, the result equals {@code sisa} trained from scratch on what remains, bit
 * for bit, for any deterministic base learner: the guarantee is {@link Guarantee#EXACT}.
 *
 * <p>Forgetting a feature retrains every constituent without it; the likelihood column of
 * distribution-aware placement decides where records live and cannot be forgotten.
 */
public final class SisaModel extends AbstractUnlearnableModel {

    private final SisaLearner learner;
    private final Placement.Layout layout;
    private final ShardState[] shards;
    /** With {@code shardsAt}: the file holding each shard's current state, or null until written. */
    private final ShardFile[] files;
    /** Whether {@link #files} hold their records by reference (a registry's form) or embedded. */
    private boolean filesByReference;
    private int[] inputColumns;
    /**
     * This model's slots in {@link ResidentShards} (where a runner that ships jobs keeps its shards' rows);
     * released, rows erased, when the model is collected. Not part of the state: a model read back gets a
     * new one, and its first forget ships the affected shards whole.
     */
    private final String residence;
    /** Live rows per shard and slice, kept from forget to forget (null until the first forget). */
    private int[][] liveCounts;

    private static final java.lang.ref.Cleaner RESIDENCES = java.lang.ref.Cleaner.create();

    SisaModel(Provenance provenance, TrainingRecords records, SisaLearner learner, Placement.Layout layout,
              ShardState[] shards) {
        this(provenance, records, learner, layout, shards, java.util.UUID.randomUUID().toString());
    }

    SisaModel(Provenance provenance, TrainingRecords records, SisaLearner learner, Placement.Layout layout,
              ShardState[] shards, String residence) {
        this(provenance, records, learner, layout, shards, new ShardFile[shards.length], false, residence);
    }

    private SisaModel(Provenance provenance, TrainingRecords records, SisaLearner learner, Placement.Layout layout,
                      ShardState[] shards, ShardFile[] files, boolean filesByReference, String residence) {
        super(provenance, records);
        this.learner = learner;
        this.layout = layout;
        this.shards = shards;
        this.files = files;
        this.filesByReference = filesByReference;
        this.residence = residence;
        RESIDENCES.register(this, () -> ResidentShards.release(residence));
        refreshInputs(excludedFeatures(null));
    }

    /**
     * This model with every shard's state in its payload (state version 1) instead of in files, for
     * shipping it whole where the files may not be readable (Spark executors that score); its settings
     * still name {@code shardsAt}, so a copy read back writes files again. Itself when no files are used.
     */
    public SisaModel withShardsInline() {
        if (learner.options().shardsAt() == null) {
            return this;
        }
        SisaLearner inline = new SisaLearner(learner.options().withShardsAt(null), learner.seed());
        return new SisaModel(super.provenance(), records, inline, layout, shards.clone());
    }

    /** How many shards' constituents are decoded in this JVM (shipped ones are decoded on first use). */
    int decodedShards() {
        return (int) Arrays.stream(shards).filter(ShardState::decoded).count();
    }

    /** The ID of this model's slots in {@link ResidentShards}, where a runner that ships jobs keeps its shards' rows. */
    public String residence() {
        return residence;
    }

    /**
     * The files the shards were last written to or read from (sisa setting {@code shardsAt}), in shard
     * order; a shard retrained since has none until the model is written again.
     */
    public List<ShardFile> shardFiles() {
        return Arrays.stream(files).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public String family() {
        return SisaFamily.NAME;
    }

    public SisaLearner.Options options() {
        return learner.options();
    }

    public int shardCount() {
        return shards.length;
    }

    /**
     * SISA's provenance, listing as members the provenance of each shard's constituent in shard order
     * (empty shards have none), as an ensemble's provenance does.
     */
    @Override
    public Provenance provenance() {
        List<Provenance> members = new ArrayList<>();
        for (ShardState s : shards) {
            if (s.hasModel()) {
                members.add(s.model().provenance());
            }
        }
        return super.provenance().withMembers(members);
    }

    /** The constituent of shard {@code k}, or null while the shard is empty. */
    public UnlearnableModel shardModel(int k) {
        return shards[k].model();
    }

    /** The number of records shard {@code k}'s constituent learnt from. */
    public int shardSize(int k) {
        return shards[k].size();
    }

    /** The shard a training record ID was placed in, or -1 for an unknown ID. */
    public int shardOf(long recordId) {
        int row = records.rowOf(recordId);
        return row < 0 ? -1 : layout.shardOf()[row];
    }

    /** The slice a training record ID was placed in, or -1 for an unknown ID. */
    public int sliceOf(long recordId) {
        int row = records.rowOf(recordId);
        return row < 0 ? -1 : layout.sliceOf()[row];
    }

    /** The features the constituents do not see: the likelihood column and forgotten features. */
    private Set<String> excludedFeatures(String alsoForget) {
        Set<String> out = new LinkedHashSet<>();
        if (learner.options().placement() == Placement.LIKELIHOOD) {
            out.add(learner.options().likelihoodColumn());
        }
        for (int j = 0; j < schema().numFeatures(); j++) {
            if (records.isFeatureForgotten(j)) {
                out.add(schema().feature(j).name());
            }
        }
        if (alsoForget != null) {
            out.add(alsoForget);
        }
        return out;
    }

    private void refreshInputs(Set<String> excluded) {
        Schema inputSchema = schema().without(excluded);
        inputColumns = new int[inputSchema.numFeatures()];
        for (int j = 0; j < inputColumns.length; j++) {
            inputColumns[j] = schema().indexOf(inputSchema.feature(j).name());
        }
    }

    private double[][] inputs(double[] row) {
        double[] in = new double[inputColumns.length];
        for (int j = 0; j < in.length; j++) {
            in[j] = row[inputColumns[j]];
        }
        double[][] rows = new double[shards.length][];
        Arrays.fill(rows, in);
        return rows;
    }

    private Model[] models() {
        Model[] out = new Model[shards.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = shards[k].model();
        }
        return out;
    }

    private int[] sizes() {
        int[] out = new int[shards.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = shards[k].size();
        }
        return out;
    }

    @Override
    public double predict(double[] row) {
        if (schema().isClassification()) {
            return Vectors.argmax(probabilities(row));
        }
        return learner.options().aggregation().predict(models(), inputs(row), sizes());
    }

    @Override
    public double[] probabilities(double[] row) {
        if (!schema().isClassification()) {
            return super.probabilities(row);
        }
        return learner.options().aggregation().probabilities(models(), inputs(row), sizes(), schema().numClasses());
    }

    @Override
    public Map<String, double[]> parameters() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int k = 0; k < shards.length; k++) {
            UnlearnableModel m = shards[k].model();
            if (m != null) {
                for (Map.Entry<String, double[]> e : m.parameters().entrySet()) {
                    out.put("shard" + k + "/" + e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    @Override
    protected void check(ForgetPlan plan) {
        if (plan.isFeature() && learner.options().placement() == Placement.LIKELIHOOD
                && schema().feature(plan.feature()).name().equals(learner.options().likelihoodColumn())) {
            throw new ForgetException("feature '" + learner.options().likelihoodColumn()
                    + "' is the deletion-likelihood column that places records into shards, not an input of the "
                    + "constituents; it cannot be forgotten without retraining the whole model from scratch");
        }
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        int slices = learner.options().slices();
        int[] from = new int[shards.length];
        Arrays.fill(from, Integer.MAX_VALUE);
        String feature = null;
        BitSet removing = new BitSet();
        Map<Long, Double> relabels = new HashMap<>(records.history().relabels());
        if (plan.isFeature()) {
            feature = schema().feature(plan.feature()).name();
            Arrays.fill(from, 0);
        } else {
            for (int i = 0; i < plan.rows().length; i++) {
                int row = plan.rows()[i];
                int k = layout.shardOf()[row];
                from[k] = Math.min(from[k], layout.sliceOf()[row]);
                if (plan.removesRows()) {
                    removing.set(row);
                } else if (plan.isRelabel()) {
                    relabels.put(records.data().recordId(row), plan.newTargets()[i]);
                }
            }
        }
        IntPredicate live = row -> !records.isRemoved(row) && !removing.get(row);
        Set<String> excluded = excludedFeatures(feature);
        boolean incremental = learner.shardLearner(0) instanceof IncrementalLearner<?>;
        List<ShardJob> jobs = new ArrayList<>();
        List<Integer> affected = new ArrayList<>();
        for (int k = 0; k < shards.length; k++) {
            if (from[k] == Integer.MAX_VALUE) {
                continue;
            }
            int start = incremental ? from[k] : 0;
            affected.add(k);
            jobs.add(new ShardJob(learner.shardLearner(k), records.data(), layout.rows(k), layout.sliceEnds()[k], live,
                    relabels, excluded, start, shards[k]));
        }
        ShardState[] retrained;
        try {
            retrained = ShardExecution.run(jobs, affected.stream().mapToInt(Integer::intValue).toArray(), residence,
                    plan.isFeature() || !ShardRunners.byName(learner.options().runner()).shipsJobs() ? null
                            : residentDeltas(plan, affected, excluded), learner.options(), TrainingProgress.NONE);
        } catch (ForgetException e) {
            throw e;
        } catch (RefusedException e) {
            // only a domain refusal becomes a refusal; any other failure is a defect and keeps its cause
            throw new ForgetException("sisa: retraining shard(s) " + affected + " failed, nothing was forgotten: " + e.getMessage());
        }
        int[][] counts = liveCountsWithout(removing);
        Map<String, String> details = workReport(affected, from, counts, incremental, slices);
        liveCounts = counts;
        for (int i = 0; i < retrained.length; i++) {
            shards[affected.get(i)] = retrained[i];
            files[affected.get(i)] = null;
        }
        if (plan.isFeature()) {
            refreshInputs(excluded);
        }
        return new Applied(Guarantee.EXACT, details);
    }

    /**
     * For each affected shard, how the plan changes the digest of its prepared rows ({@link ResidentShards#term}):
     * a removed row's term leaves, a relabelled row's term changes target. Computed from the plan's rows
     * alone (before the forget commits, so their values are still here), not from a pass over the shard.
     */
    private long[] residentDeltas(ForgetPlan plan, List<Integer> affected, Set<String> excluded) {
        Map<Long, Double> before = records.history().relabels();
        dev.lethe.data.Dataset view = excluded.isEmpty() ? records.data() : records.data().withoutFeatures(excluded);
        double[] scratch = new double[view.numFeatures()];
        long[] byShard = new long[shards.length];
        for (int i = 0; i < plan.rows().length; i++) {
            int row = plan.rows()[i];
            int slice = layout.sliceOf()[row];
            double old = before.getOrDefault(view.recordId(row), view.target(row));
            long term = ResidentShards.term(view, row, old, slice, scratch);
            long now = plan.removesRows() ? 0 : ResidentShards.term(view, row, plan.newTargets()[i], slice, scratch);
            byShard[layout.shardOf()[row]] += now - term;
        }
        return affected.stream().mapToLong(k -> byShard[k]).toArray();
    }

    /**
     * Live rows per shard and slice as they will be once {@code removing} goes, from counts kept since the
     * last forget (one pass over the rows the first time): a forget's report then costs the shards, not the rows.
     */
    private int[][] liveCountsWithout(BitSet removing) {
        if (liveCounts == null) {
            int[][] counts = new int[shards.length][learner.options().slices()];
            for (int row = 0; row < records.size(); row++) {
                if (!records.isRemoved(row)) {
                    counts[layout.shardOf()[row]][layout.sliceOf()[row]]++;
                }
            }
            liveCounts = counts;
        }
        int[][] after = new int[liveCounts.length][];
        for (int k = 0; k < after.length; k++) {
            after[k] = liveCounts[k].clone();
        }
        for (int row = removing.nextSetBit(0); row >= 0; row = removing.nextSetBit(row + 1)) {
            after[layout.shardOf()[row]][layout.sliceOf()[row]]--;
        }
        return after;
    }

    /** What the forget retrained, and the work avoided against retraining every constituent from scratch. */
    private Map<String, String> workReport(List<Integer> affected, int[] from, int[][] counts, boolean incremental,
                                           int slices) {
        long totalCost = 0;
        long retrainedCost = 0;
        long retrainedRecords = 0;
        long liveRecords = 0;
        Set<Integer> hit = Set.copyOf(affected);
        for (int k = 0; k < shards.length; k++) {
            long seen = 0;
            for (int r = 0; r < slices; r++) {
                seen += counts[k][r];
                if (incremental) {
                    totalCost += seen;
                    if (hit.contains(k) && r >= from[k]) {
                        retrainedCost += seen;
                    }
                }
            }
            liveRecords += seen;
            if (!incremental) {
                totalCost += seen;
            }
            if (hit.contains(k)) {
                retrainedRecords += seen;
                if (!incremental) {
                    retrainedCost += seen;
                }
            }
        }
        StringBuilder sliceText = new StringBuilder();
        for (int k : affected) {
            if (sliceText.length() > 0) {
                sliceText.append(',');
            }
            int start = incremental ? from[k] : 0;
            sliceText.append(k).append(':').append(start).append('-').append(slices - 1);
        }
        double fraction = totalCost == 0 ? 0 : (double) retrainedCost / totalCost;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("shards_retrained", affected.toString().replaceAll("[\\[\\] ]", ""));
        details.put("slices_retrained", sliceText.toString());
        details.put("shards_total", Integer.toString(shards.length));
        details.put("records_in_retrained_shards", Long.toString(retrainedRecords));
        details.put("records_not_retrained", Long.toString(liveRecords - retrainedRecords));
        details.put("work_fraction", String.format(Locale.ROOT, "%.4f", fraction));
        details.put("work_avoided", String.format(Locale.ROOT, "%.4f", 1 - fraction));
        return details;
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        digest.add(shards.length);
        for (ShardState s : shards) {
            digest.add(s.digest());
        }
    }

    @Override
    public int stateVersion() {
        return learner.options().shardsAt() == null ? SisaFamily.STATE_VERSION : ShardFiles.STATE_VERSION;
    }

    /**
     * Each shard's state; with {@code shardsAt}, each shard's file instead, writing the files of shards
     * that have none yet in this form (records by reference or embedded) and none of the others.
     */
    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(shards.length);
        out.writeInt(learner.options().slices());
        String dir = learner.options().shardsAt();
        if (dir == null) {
            for (ShardState s : shards) {
                ShardStateCodec.write(out, s);
            }
            return;
        }
        boolean byReference = out instanceof ModelStateOutput o && o.recordsByReference();
        if (byReference != filesByReference) {
            Arrays.fill(files, null);
            filesByReference = byReference;
        }
        for (int k = 0; k < shards.length; k++) {
            if (files[k] == null) {
                files[k] = ShardFiles.store(out, shards[k], k, dir);
            }
        }
        ShardFiles.writeList(out, files);
    }

    static SisaModel read(DataInputStream in, int stateVersion) throws IOException {
        Common common = Common.read(in);
        SisaLearner learner = new SisaLearner(SisaLearner.Options.from(common.provenance().settings()),
                common.provenance().seed());
        Placement.Layout layout = learner.place(common.records().data());
        int shardCount = in.readInt();
        int slices = in.readInt();
        if (shardCount != learner.options().shards() || slices != learner.options().slices()) {
            throw new ModelFileException("corrupted sisa state: " + shardCount + " shards × " + slices
                    + " slices, the settings say " + learner.options().shards() + " × " + learner.options().slices());
        }
        ShardState[] shards = new ShardState[shardCount];
        if (stateVersion == SisaFamily.STATE_VERSION) {
            for (int k = 0; k < shardCount; k++) {
                shards[k] = ShardStateCodec.read(in, k, learner.options().base(), slices);
            }
            return new SisaModel(common.provenance(), common.records(), learner, layout, shards);
        }
        if (learner.options().shardsAt() == null) {
            throw new ModelFileException("corrupted sisa state: shard files listed, but no 'shardsAt' setting");
        }
        ShardFile[] files = ShardFiles.readList(in, shardCount);
        for (int k = 0; k < shardCount; k++) {
            shards[k] = ShardFiles.load(in, files[k], learner.options().base(), slices);
        }
        boolean byReference = in instanceof ModelStateInput s && s.recordSource() != null;
        return new SisaModel(common.provenance(), common.records(), learner, layout, shards, files, byReference,
                java.util.UUID.randomUUID().toString());
    }
}
