package dev.lethe.djl.dp;

import dev.lethe.data.Dataset;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import dev.lethe.privacy.dpsgd.DpSgd;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network ({@code dp-mlp} or {@code dp-cnn}) trained by DP-SGD. Its provenance states the guarantee:
 * (ε, δ), the accountant, the noise multiplier, the schedule and the privacy unit (record or subject). It
 * forgets records, subjects and classes by re-running the same DP-SGD with the same seed on the
 * remaining records: the weights are exactly those training on them gives (EXACT, checked against a
 * retrain), and the receipt states the (ε, δ) guarantee of the new weights for the records they saw.
 * Features and relabelling are refused.
 */
public final class DpNetworkModel extends AbstractUnlearnableModel {

    private final DpNetworkLearner learner;
    private final DpNetwork network;
    private final DpInputs inputs;
    private float[][] params;

    DpNetworkModel(Provenance provenance, TrainingRecords records, DpNetworkLearner learner, float[][] params) {
        super(provenance, records);
        this.learner = learner;
        this.network = learner.network(records.schema());
        this.inputs = learner.inputs(records.schema());
        this.params = params;
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
        float[] x = new float[inputs.width()];
        inputs.encode(row, x, 0);
        return Vectors.softmaxInPlace(network.logits(params, x));
    }

    @Override
    public Map<String, double[]> parameters() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            double[] d = new double[params[i].length];
            for (int j = 0; j < d.length; j++) {
                d[j] = params[i][j];
            }
            out.put((i % 2 == 0 ? "weight" : "bias") + (i / 2), d);
        }
        return out;
    }

    @Override
    protected void check(ForgetPlan plan) {
        if (plan.isFeature() || plan.isRelabel()) {
            throw new ForgetException(family() + " forgets records, subjects and classes by retraining with DP-SGD; it cannot "
                    + "forget a feature or relabel records (retrain without them instead)");
        }
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        boolean[] drop = new boolean[records.size()];
        for (int r : plan.rows()) {
            drop[r] = true;
        }
        int[] keep = Arrays.stream(records.remainingRows()).filter(r -> !drop[r]).toArray();
        Dataset rest = records.data().select(keep);
        DpNetworkLearner.Trained t = learner.train(rest);
        params = t.params();
        Map<String, String> details = new LinkedHashMap<>(DpSgd.guarantee(t.run(), learner.options(rest.schema()).delta(),
                learner.options(rest.schema()).unit()));
        details.put("dp.forgetting", "retrained by DP-SGD with the same seed on the remaining records: exactly the weights "
                + "training on them gives");
        return new Applied(Guarantee.EXACT, details);
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        for (double[] p : parameters().values()) {
            digest.add(p);
        }
    }

    @Override
    public int stateVersion() {
        return DpNetworkFamily.STATE_VERSION;
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(params.length);
        for (float[] p : params) {
            double[] d = new double[p.length];
            for (int j = 0; j < d.length; j++) {
                d[j] = p[j];
            }
            StateCodec.writeDoubles(out, d);
        }
    }

    static DpNetworkModel read(Common common, DpNetworkLearner learner, DataInputStream in) throws IOException {
        var shapes = learner.network(common.records().schema()).shapes();
        int count = in.readInt();
        if (count != shapes.size()) {
            throw new ModelFileException("corrupted " + learner.family() + " state: " + count + " parameter blocks, the network has "
                    + shapes.size());
        }
        float[][] params = new float[count][];
        for (int i = 0; i < count; i++) {
            double[] d = StateCodec.readDoubles(in);
            if (d.length != DpNetwork.size(shapes.get(i))) {
                throw new ModelFileException("corrupted " + learner.family() + " state: block " + i + " has " + d.length
                        + " values, expected " + DpNetwork.size(shapes.get(i)));
            }
            params[i] = new float[d.length];
            for (int j = 0; j < d.length; j++) {
                params[i][j] = (float) d[j];
            }
        }
        return new DpNetworkModel(common.provenance(), common.records(), learner, params);
    }
}
