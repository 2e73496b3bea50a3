package dev.lethe.djl.dp;

import dev.lethe.data.Schema;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.privacy.dpsgd.PrivacyUnit;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dp-mlp} and {@code dp-cnn} share: the DP-SGD settings ({@code epsilon}, {@code delta},
 * {@code clip} (default 1), {@code epochs} (5), {@code batch} (expected batch, 256), {@code rate} (SGD
 * step, 1), {@code momentum} (0), {@code unit} (record or subject: the privacy unit, default record), {@code scale} (the fixed input factor; {@code auto}: 1/255 for square
 * greyscale images, which IDX stores as 0–255, else 1) and {@code activation} (tanh or relu; tanh by
 * default), and reading model files. Settings under {@code dp.} are a trained model's recorded guarantee.
 */
abstract class DpNetworkFamily implements ModelFamily {

    /** DP-SGD's noise and sampling are regenerated from the seed: a known one voids the guarantee. */
    @Override
    public boolean seedIsSecret() {
        return true;
    }

    static final int STATE_VERSION = 1;

    /** Reads this family's architecture settings from {@code s} into {@code normal} and returns its builder. */
    abstract Architecture architecture(Settings s, Map<String, String> normal, DpLayer.Activation activation);

    /** Builds the network for data of a schema, given its encoded width. */
    interface Architecture {
        DpNetwork build(Schema schema, int width, int classes);
    }

    @Override
    public DpNetworkLearner learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(name(), settings);
        double epsilon = s.doubleValue("epsilon", 1, -Double.MAX_VALUE, Double.MAX_VALUE);
        double delta = s.doubleValue("delta", 1e-5, -Double.MAX_VALUE, Double.MAX_VALUE);
        double clip = s.doubleValue("clip", 1, -Double.MAX_VALUE, Double.MAX_VALUE);
        double epochs = s.doubleValue("epochs", 5, -Double.MAX_VALUE, Double.MAX_VALUE);
        int batch = s.intValue("batch", 256, 1, Integer.MAX_VALUE);
        double rate = s.doubleValue("rate", 1, -Double.MAX_VALUE, Double.MAX_VALUE);
        double momentum = s.doubleValue("momentum", 0, -Double.MAX_VALUE, Double.MAX_VALUE);
        String scaleText = s.string("scale", "auto");
        Double scale = scaleText.equals("auto") ? null : s.doubleValue("scale", 1, -Double.MAX_VALUE, Double.MAX_VALUE);
        DpLayer.Activation activation = DpLayer.Activation.valueOf(
                s.choice("activation", "tanh", Set.of("tanh", "relu")).toUpperCase(java.util.Locale.ROOT));
        PrivacyUnit unit = PrivacyUnit.of(s.string("unit", "record"));
        Map<String, String> normal = new LinkedHashMap<>();
        Architecture architecture = architecture(s, normal, activation);
        for (String k : settings.keySet()) {
            if (k.startsWith("dp.")) {
                s.string(k, null); // a trained model's recorded guarantee: read back, not an option
            }
        }
        s.rejectUnknown();
        DpTrainingOptions options = new DpTrainingOptions(epsilon, delta, clip, epochs, batch, rate, momentum,
                scale == null ? 1 : scale, unit);
        normal.put("activation", activation.name().toLowerCase(java.util.Locale.ROOT));
        normal.put("epsilon", Double.toString(epsilon));
        normal.put("delta", Double.toString(delta));
        normal.put("clip", Double.toString(clip));
        normal.put("epochs", Double.toString(epochs));
        normal.put("batch", Integer.toString(batch));
        normal.put("rate", Double.toString(rate));
        normal.put("momentum", Double.toString(momentum));
        normal.put("scale", scale == null ? "auto" : Double.toString(scale));
        normal.put("unit", unit.label());
        return new DpNetworkLearner(name(), architecture, options, scale == null, normal, seed, null);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION) {
            throw new ModelFileException(name() + " state version " + stateVersion + " is not supported (this Lethe reads "
                    + STATE_VERSION + ")");
        }
        var common = AbstractUnlearnableModel.Common.read(in);
        DpNetworkLearner learner = learner(common.provenance().settings(), common.provenance().seed());
        return DpNetworkModel.read(common, learner, in);
    }

    @Override
    public double exactnessTolerance() {
        return 0;
    }
}
