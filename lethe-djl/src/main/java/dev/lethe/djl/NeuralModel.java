package dev.lethe.djl;

import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network ({@code mlp} or {@code cnn}). Predicts with a plain-Java forward pass over its
 * float weights. It cannot forget exactly by itself — gradient descent has no exact decremental
 * update — so a plain forget request is refused with a {@link ForgetException} pointing to SISA;
 * {@link NeuralUnlearning} forgets approximately with an {@link UnlearningMethod} ({@code APPROXIMATE},
 * remembered in the model file as state version 2) or exactly by retraining from scratch.
 */
public final class NeuralModel extends AbstractUnlearnableModel {

    private final Architecture architecture;
    private Checkpoint state;
    /** True once an approximate method changed the weights (and no exact retrain since): the standing guarantee. */
    private boolean approximate;
    /** The unlearning {@link NeuralUnlearning} set for the duration of one forget; null otherwise (requests are refused). */
    private NeuralUnlearning.Pending pending;

    NeuralModel(Provenance provenance, TrainingRecords records, Architecture architecture, Checkpoint state) {
        super(provenance, records);
        this.architecture = architecture;
        this.state = state;
    }

    Checkpoint state() {
        return state;
    }

    Architecture architecture() {
        return architecture;
    }

    /** Replaces the weights (an unlearning method's result) and records whether they are only approximately forgotten. */
    void replaceState(Checkpoint next, boolean approximately) {
        state = next;
        approximate = approximately;
        stateChanged();
    }

    boolean isApproximate() {
        return approximate;
    }

    void pending(NeuralUnlearning.Pending unlearning) {
        pending = unlearning;
    }

    @Override
    protected dev.lethe.model.Guarantee standingGuarantee() {
        return approximate ? dev.lethe.model.Guarantee.APPROXIMATE : dev.lethe.model.Guarantee.EXACT;
    }

    /** Version 2 adds the approximate flag; a network never unlearned approximately is still written as version 1. */
    @Override
    public int stateVersion() {
        return approximate ? 2 : NeuralFamilies.STATE_VERSION;
    }

    @Override
    public String family() {
        return provenance().family();
    }

    @Override
    public double predict(double[] row) {
        return Vectors.argmax(probabilities(row));
    }

    @Override
    public double[] probabilities(double[] row) {
        return state.probabilities(architecture, row);
    }

    @Override
    public Map<String, double[]> parameters() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < state.params.length; i++) {
            float[] p = state.params[i];
            double[] d = new double[p.length];
            for (int j = 0; j < p.length; j++) {
                d[j] = p[j];
            }
            out.put((i % 2 == 0 ? "weight" : "bias") + (i / 2), d);
        }
        return out;
    }

    @Override
    protected void check(ForgetPlan plan) {
        if (pending != null) {
            pending.check(plan);
            return;
        }
        throw new ForgetException(family() + " cannot forget by itself (a neural network has no exact decremental update): "
                + "use sisa (--model sisa --set base=" + family() + ") to forget exactly by retraining one shard, "
                + "or retrain from scratch without the data, or unlearn approximately with --method (e.g. --method scrub)");
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        if (pending == null) {
            throw new IllegalStateException("unreachable: check refuses every request without a method");
        }
        return pending.apply(this, plan);
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        for (double[] p : parameters().values()) {
            digest.add(p);
        }
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        state.write(out, false);
        if (approximate) {
            out.writeBoolean(true);
        }
    }

    static NeuralModel read(ModelFamily family, DataInputStream in, int stateVersion) throws IOException {
        Common common = Common.read(in);
        NeuralLearner learner = (NeuralLearner) family.learner(common.provenance().settings(), common.provenance().seed());
        Checkpoint state;
        try {
            state = Checkpoint.read(in);
        } catch (IOException e) {
            throw new ModelFileException(e.getMessage());
        }
        if (state.encoder.features() != common.records().schema().numFeatures()) {
            throw new ModelFileException("corrupted " + family.name() + " state: weights for " + state.encoder.features()
                    + " features, the schema has " + common.records().schema().numFeatures());
        }
        NeuralModel model = new NeuralModel(common.provenance(), common.records(), learner.architecture(), state);
        model.approximate = stateVersion >= 2 && in.readBoolean();
        return model;
    }
}
