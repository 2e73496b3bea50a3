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
 * float weights. It cannot forget by itself — gradient descent has no exact decremental update — so
 * every forget request is refused with a {@link ForgetException} pointing to SISA, under which it is
 * exactly unlearnable.
 */
public final class NeuralModel extends AbstractUnlearnableModel {

    private final Architecture architecture;
    private final Checkpoint state;

    NeuralModel(Provenance provenance, TrainingRecords records, Architecture architecture, Checkpoint state) {
        super(provenance, records);
        this.architecture = architecture;
        this.state = state;
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
        float[] x = new float[state.encoder.width()];
        state.encoder.encode(row, x, 0);
        return Vectors.softmaxInPlace(architecture.logits(state.params, x));
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
        throw new ForgetException(family() + " cannot forget by itself (a neural network has no exact decremental update): "
                + "use sisa (--model sisa --set base=" + family() + ") to forget exactly by retraining one shard, "
                + "or retrain from scratch without the data");
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        throw new IllegalStateException("unreachable: check refuses every request");
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
    }

    static NeuralModel read(ModelFamily family, DataInputStream in) throws IOException {
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
        return new NeuralModel(common.provenance(), common.records(), learner.architecture(), state);
    }
}
