package dev.lethe.models.linear;

import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code ridge} plug-in: ridge regression and the one-vs-rest ridge classifier, forgetting
 * records, subjects, features, classes and relabels exactly by updating their normal equations.
 * Setting: {@code lambda} (the penalty, &gt; 0, default 1).
 */
public final class RidgeFamily implements ModelFamily {

    public static final String NAME = "ridge";
    static final int STATE_VERSION = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ridge regression / one-vs-rest ridge classifier; exact forgetting by Cholesky downdates (lambda=1)";
    }

    @Override
    public Learner<RidgeModel> learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(NAME, settings);
        RidgeLearner.Options options = RidgeLearner.Options.from(s);
        s.rejectUnknown();
        return new RidgeLearner(options, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION) {
            throw new ModelFileException("ridge model state version " + stateVersion + " is not supported (this Lethe reads "
                    + STATE_VERSION + ")");
        }
        return RidgeModel.read(in, AbstractUnlearnableModel.Common.read(in));
    }

    /** Forgetting and retraining solve the same equations with different rounding: 1e-8 relative. */
    @Override
    public double exactnessTolerance() {
        return 1e-8;
    }
}
