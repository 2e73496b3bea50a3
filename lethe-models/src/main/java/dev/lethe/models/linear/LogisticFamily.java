package dev.lethe.models.linear;

import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code logistic} family: L2-regularised logistic regression with certified removal of records
 * (Guo et al., ICML 2020) and closed-form unlearning of features and labels (Warnecke et al., NDSS 2023).
 * Its forgets are CERTIFIED or APPROXIMATE (a budget retrain draws a fresh perturbation, so even then
 * the model is not the retrain oracle's twin; only an unperturbed model that retrained from scratch
 * says EXACT), and the oracle reports distances rather
 * than equality.
 */
public final class LogisticFamily implements ModelFamily {

    public static final String NAME = "logistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "L2-regularised logistic regression; certified record removal (Guo et al. 2020), "
                + "feature and label unlearning (Warnecke et al. 2023)";
    }

    @Override
    public Learner<LogisticModel> learner(Map<String, String> settings, long seed) {
        return new LogisticLearner(LogisticLearner.Options.from(new Settings(NAME, settings)), seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion == 1) {
            throw new ModelFileException("this logistic model was written by an earlier Lethe (state version 1), before logistic "
                    + "models stored their feature preparation; train it again");
        }
        if (stateVersion != LogisticModel.STATE_VERSION) {
            throw new ModelFileException("logistic model state version " + stateVersion + " is not supported (this Lethe reads "
                    + LogisticModel.STATE_VERSION + ")");
        }
        return LogisticModel.read(in);
    }

    /** Forgets here are approximate by design: probabilities within 1e-3 of retraining count as agreeing. */
    @Override
    public double exactnessTolerance() {
        return 1e-3;
    }
}
