package dev.lethe.djl;

import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@link MlpFamily} and {@link CnnFamily} share: settings parsing and reading model files. */
abstract class NeuralFamilies implements ModelFamily {

    static final int STATE_VERSION = 1;

    /** The settings key of the layer widths and its default. */
    abstract String layersKey();

    abstract String defaultLayers();

    abstract Architecture architecture(int[] layers);

    abstract int defaultEpochs();

    /** {@code feature}: standardise each numeric feature; {@code global}: one mean and spread for all (pixels). */
    String defaultScaling() {
        return "feature";
    }

    @Override
    public NeuralLearner learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(name(), settings);
        String layersText = s.string(layersKey(), defaultLayers());
        int epochs = s.intValue("epochs", defaultEpochs(), 1, 10_000);
        int batch = s.intValue("batch", 64, 1, 1 << 20);
        double rate = s.doubleValue("rate", 1e-3, 1e-9, 10);
        String scaling = s.choice("scaling", "auto", java.util.Set.of("auto", "feature", "global"));
        boolean global = scaling.equals("auto") ? defaultScaling().equals("global") : scaling.equals("global");
        double decay = s.doubleValue("decay", 0, 0, 100);
        double dropout = s.doubleValue("dropout", 0, 0, 0.99);
        boolean cosine = s.choice("anneal", "none", java.util.Set.of("none", "cosine")).equals("cosine");
        boolean autoShift = s.string("shift", "auto").equals("auto");
        int shift = autoShift ? 0 : s.intValue("shift", 0, 0, NeuralLearner.Options.MAX_SHIFT);
        s.rejectUnknown();
        int[] layers = parseLayers(layersText);
        NeuralLearner.Options options = new NeuralLearner.Options(layers, epochs, batch, rate, global, decay, dropout, cosine, shift);
        Map<String, String> normal = new LinkedHashMap<>();
        normal.put(layersKey(), Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        normal.put("epochs", Integer.toString(epochs));
        normal.put("batch", Integer.toString(batch));
        normal.put("rate", Double.toString(rate));
        normal.put("scaling", scaling.equals("auto") ? "auto" : global ? "global" : "feature");
        // only when set, so that the settings of networks trained before these options existed are unchanged
        // (shift and scaling are always written: absent, they mean auto)
        if (decay > 0) {
            normal.put("decay", Double.toString(decay));
        }
        if (dropout > 0) {
            normal.put("dropout", Double.toString(dropout));
        }
        if (cosine) {
            normal.put("anneal", "cosine");
        }
        normal.put("shift", autoShift ? "auto" : Integer.toString(shift));
        NeuralLearner.FitToInput auto = new NeuralLearner.FitToInput(scaling.equals("auto"), autoShift);
        return new NeuralLearner(name(), architecture(layers), options, auto, normal, seed);
    }

    private int[] parseLayers(String text) {
        try {
            int[] layers = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            architecture(layers);
            return layers;
        } catch (NumberFormatException e) {
            throw new OptionsException(name() + " setting '" + layersKey() + "': expected comma-separated widths such as '"
                    + defaultLayers() + "', got '" + text + "'");
        }
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION && stateVersion != 2) {
            throw new ModelFileException(name() + " state version " + stateVersion + " is not supported (this Lethe reads "
                    + STATE_VERSION + " and 2)");
        }
        return NeuralModel.read(this, in, stateVersion);
    }

    @Override
    public double exactnessTolerance() {
        return 0;
    }
}
