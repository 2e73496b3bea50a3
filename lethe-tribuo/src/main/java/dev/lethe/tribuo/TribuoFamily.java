package dev.lethe.tribuo;

import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code tribuo} plug-in: a Tribuo classification trainer as a Lethe learner. Settings:
 * {@code trainer} (logistic, cart, or the class name of any {@code Trainer<Label>} with a public
 * no-argument constructor; default logistic), {@code epochs} (logistic, default 5), {@code maxDepth}
 * (cart, default 10), {@code scale} (standardise features inside Tribuo, default true). Refuses forget
 * requests on its own; under SISA ({@code --model sisa --set base=tribuo}) it is exactly unlearnable.
 */
public final class TribuoFamily implements ModelFamily {

    public static final String NAME = "tribuo";
    static final int STATE_VERSION = 1;

    /** Held strongly: the log manager keeps loggers weakly, and a collected logger loses its level. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "any Tribuo classification trainer (trainer=logistic|cart|<class>); cannot forget alone: use as a sisa base (base=tribuo)";
    }

    @Override
    public TribuoLearner learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(NAME, settings);
        String trainer = s.string("trainer", "logistic");
        int epochs = s.intValue("epochs", 5, 1, 10_000);
        int maxDepth = s.intValue("maxDepth", 10, 1, 1000);
        boolean scale = s.booleanValue("scale", true);
        s.rejectUnknown();
        TrainerSpec spec = new TrainerSpec(trainer, epochs, maxDepth, scale);
        Map<String, String> normal = new LinkedHashMap<>();
        normal.put("trainer", trainer);
        normal.put("epochs", Integer.toString(epochs));
        normal.put("maxDepth", Integer.toString(maxDepth));
        normal.put("scale", Boolean.toString(scale));
        return new TribuoLearner(spec::create, normal, seed, scale);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION) {
            throw new ModelFileException("tribuo state version " + stateVersion + " is not supported (this Lethe reads "
                    + STATE_VERSION + ")");
        }
        return TribuoModel.read(in);
    }

    @Override
    public double exactnessTolerance() {
        return 0;
    }
}
