package dev.lethe.privacy.dpsgd;

import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/** The {@code dp-logistic} family: softmax regression by DP-SGD to a target (ε, δ). */
public final class DpLogisticFamily implements ModelFamily {

    /** DP-SGD's noise and sampling are regenerated from the seed: a known one voids the guarantee. */
    @Override
    public boolean seedIsSecret() {
        return true;
    }

    public static final String NAME = "dp-logistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "logistic regression by DP-SGD (ε, δ per record; RDP accountant)";
    }

    @Override
    public Learner<DpLogisticModel> learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(NAME, settings);
        DpLogisticLearner.Options o = new DpLogisticLearner.Options(
                s.doubleValue("epsilon", 1, 1e-6, 1e6), s.doubleValue("delta", 1e-5, 1e-300, 0.5),
                s.doubleValue("clip", 1, 1e-9, 1e9), s.doubleValue("epochs", 10, 1e-3, 10_000),
                s.intValue("batch", 256, 1, Integer.MAX_VALUE), s.doubleValue("rate", 1, 1e-9, 1e9),
                s.doubleValue("scale", 1, 1e-12, 1e12), PrivacyUnit.of(s.string("unit", "record")));
        for (String k : settings.keySet()) {
            if (k.startsWith("dp.")) {
                s.string(k, null); // a trained model's recorded guarantee: read back, not an option
            }
        }
        s.rejectUnknown();
        return new DpLogisticLearner(o, seed, null);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        var common = AbstractUnlearnableModel.Common.read(in);
        DpLogisticLearner learner = (DpLogisticLearner) learner(common.provenance().settings(), common.provenance().seed());
        return new DpLogisticModel(common.provenance(), common.records(), learner.options(), DpLogisticModel.readWeights(in));
    }
}
