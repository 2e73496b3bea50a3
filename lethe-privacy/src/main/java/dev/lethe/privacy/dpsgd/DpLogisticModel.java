package dev.lethe.privacy.dpsgd;

import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Softmax regression trained by DP-SGD. Its provenance states the guarantee: (ε, δ), the accountant,
 * the noise multiplier, and the privacy unit (one record). It forgets records, subjects and classes
 * by re-running the same DP-SGD, with the same seed, on the remaining records: the result is exactly
 * what training on them gives (EXACT), and the new model keeps an (ε, δ) guarantee for them. Features
 * and relabelling are refused.
 */
public final class DpLogisticModel extends AbstractUnlearnableModel {

    private final DpLogisticLearner.Options options;
    private double[][] weights;

    DpLogisticModel(Provenance provenance, TrainingRecords records, DpLogisticLearner.Options options, double[][] weights) {
        super(provenance, records);
        this.options = options;
        this.weights = weights;
    }

    /** The settings that state a run's guarantee, for provenance and receipts. */
    static Map<String, String> guaranteeOf(DpSgd.Run run, DpLogisticLearner.Options o) {
        return DpSgd.guarantee(run, o.delta(), o.unit());
    }

    @Override
    public String family() {
        return DpLogisticFamily.NAME;
    }

    @Override
    public double predict(double[] row) {
        double[] p = probabilities(row);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        return best;
    }

    @Override
    public double[] probabilities(double[] row) {
        double[] x = DpSgd.design(schema().features(), row, options.scale(), weights[0].length);
        double[] p = new double[weights.length];
        DpSgd.softmax(weights, x, p);
        return p;
    }

    @Override
    public Map<String, double[]> parameters() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int c = 0; c < weights.length; c++) {
            m.put("class" + c, weights[c].clone());
        }
        return m;
    }

    @Override
    protected void check(ForgetPlan plan) {
        if (plan.isFeature() || plan.isRelabel()) {
            throw new ForgetException("dp-logistic forgets records, subjects and classes by retraining; it cannot forget a "
                    + "feature or relabel records (retrain without them instead)");
        }
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        int[] remaining = records.remainingRows();
        boolean[] drop = new boolean[records.size()];
        for (int r : plan.rows()) {
            drop[r] = true;
        }
        int[] keep = Arrays.stream(remaining).filter(r -> !drop[r]).toArray();
        Dataset rest = records.data().select(keep);
        DpSgd.Run run = DpSgd.plan(options.unit().groups(rest).length, options);
        weights = DpSgd.train(rest, options, provenance().seed(), run, null);
        return new Applied(dev.lethe.model.Guarantee.EXACT, guaranteeOf(run, options));
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        for (double[] w : weights) {
            digest.add(w);
        }
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(weights.length);
        for (double[] w : weights) {
            StateCodec.writeDoubles(out, w);
        }
    }

    static double[][] readWeights(java.io.DataInputStream in) throws IOException {
        int k = in.readInt();
        if (k < 1 || k > 100_000) {
            throw new IOException("dp-logistic: bad class count " + k);
        }
        double[][] w = new double[k][];
        for (int c = 0; c < k; c++) {
            w[c] = StateCodec.readDoubles(in);
        }
        return w;
    }

    DpLogisticLearner.Options options() {
        return options;
    }
}
