package dev.lethe.model;

import dev.lethe.data.Schema;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The forget protocol every family shares: resolve the request ({@link TrainingRecords#plan}),
 * let the family check and apply it, commit it, and issue a receipt with the state digest before
 * and after and the time taken. A family implements {@link #apply} so that it either completes or
 * throws before changing anything; then a failed request leaves the model exactly as it was.
 *
 * <p>One rule for every family: a request that would remove every remaining record (the last
 * records, or the last class) is refused with a {@link ForgetException} that says to delete the model
 * instead. A guarantee is a promise about retraining on what remains, and no learner trains on
 * nothing; a model of nothing would still answer predictions (an intercept, an empty tree) as if it
 * knew something. Deleting the model file removes the data with it.
 */
public abstract class AbstractUnlearnableModel implements UnlearnableModel {

    protected final TrainingRecords records;
    private Provenance provenance;
    private String digest;

    protected AbstractUnlearnableModel(Provenance provenance, TrainingRecords records) {
        this.provenance = provenance;
        this.records = records;
    }

    /** What a family's {@link #apply} achieved: the guarantee and any facts worth putting on the receipt. */
    public record Applied(Guarantee guarantee, Map<String, String> details) {
        public static Applied exact() {
            return new Applied(Guarantee.EXACT, Map.of());
        }
    }

    /**
     * Checks that the family can honour the plan; throw {@link ForgetException} if not. Runs before
     * {@link #apply}. The default accepts everything.
     */
    protected void check(ForgetPlan plan) {
    }

    /** Updates the family's state for the plan; all-or-nothing. The records still show the plan's rows as live. */
    protected abstract Applied apply(ForgetPlan plan);

    /**
     * What the model as it stands can promise against retraining on its remaining records: the
     * guarantee of a request that removes nothing (the model does not change, so it can promise no
     * more than its past forgets did). {@code EXACT} unless a family forgets approximately.
     */
    protected Guarantee standingGuarantee() {
        return Guarantee.EXACT;
    }

    /**
     * Called once forgotten rows are committed (and erased from the {@link TrainingRecords}): a family
     * that keeps its own copy of training values (a forest's columns) erases these rows from it, so a
     * forgotten record's data leaves memory at commit. The default keeps no copy.
     */
    protected void scrubbed(int[] rows) {
    }

    /**
     * Called once a forgotten feature is committed (and its column erased from the {@link TrainingRecords}):
     * a family that keeps its own copy of that column's values erases it, as {@link #scrubbed} does for rows.
     * The default keeps no copy.
     */
    protected void scrubbedFeature(int feature) {
    }

    /** Adds the family's parameters to the state digest. */
    protected abstract void digestParameters(StateDigest digest);

    /** Writes the family's own state after the shared part. */
    protected abstract void writeParameters(DataOutputStream out) throws IOException;

    @Override
    public final ForgetReceipt forget(ForgetRequest request) {
        long start = System.nanoTime();
        String before = stateDigest();
        ForgetPlan plan = records.plan(request);
        if (plan.removesRows() && plan.rows().length > 0 && plan.rows().length >= records.remainingCount()) {
            throw new ForgetException(plan.describe() + " would remove all " + records.remainingCount()
                    + " remaining training records; a model needs at least one, so delete the model instead");
        }
        check(plan);
        Applied applied = plan.rows().length == 0 && !plan.isFeature()
                ? new Applied(standingGuarantee(), Map.of()) : apply(plan);
        records.commit(plan);
        if (plan.removesRows() && plan.rows().length > 0) {
            scrubbed(plan.rows());
        } else if (plan.isFeature()) {
            scrubbedFeature(plan.feature());
        }
        provenance = ImputationValues.afterForget(provenance, records, plan);
        digest = null;
        String after = stateDigest();
        long elapsed = System.nanoTime() - start;
        long[] ids = new long[plan.rows().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = records.data().recordId(plan.rows()[i]);
        }
        return new ForgetReceipt(family(), request.kind(), request.summary(), ids, applied.guarantee(),
                Duration.ofNanos(elapsed), before, after, Instant.now(), applied.details());
    }

    /** Marks the cached digest stale; call after changing state outside {@link #forget}. */
    protected void stateChanged() {
        digest = null;
    }

    @Override
    public final String stateDigest() {
        if (digest == null) {
            StateDigest d = new StateDigest();
            d.add(family());
            records.digest(d);
            digestParameters(d);
            digest = d.hex();
        }
        return digest;
    }

    @Override
    public Schema schema() {
        return records.schema();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public ForgetHistory history() {
        return records.history();
    }

    /** The training records this model holds (read-only use). */
    public TrainingRecords records() {
        return records;
    }

    @Override
    public void recordSource(Map<String, String> source) {
        provenance = provenance.withSource(source);
    }

    @Override
    public final void writeState(DataOutputStream out) throws IOException {
        StateCodec.writeProvenance(out, provenance);
        records.write(out);
        writeParameters(out);
    }

    /** The shared part of a model file, for a family's reader. */
    public record Common(Provenance provenance, TrainingRecords records) {
        public static Common read(DataInputStream in) throws IOException {
            return new Common(StateCodec.readProvenance(in), TrainingRecords.read(in));
        }
    }
}
