package dev.lethe.models.bayes;

import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code nb} plug-in: naive Bayes with exact forgetting by subtracting sufficient statistics.
 * Settings: {@code alpha} (categorical smoothing, default 1) and {@code varSmoothing} (default 1e-9).
 */
public final class NaiveBayesFamily implements ModelFamily {

    /** The version of the state that {@link NaiveBayesModel} writes. */
    static final int STATE_VERSION = 1;

    @Override
    public String name() {
        return NaiveBayesModel.FAMILY;
    }

    @Override
    public String description() {
        return "naive Bayes (Gaussian and categorical likelihoods); forgets exactly by subtracting sufficient statistics";
    }

    @Override
    public Learner<NaiveBayesModel> learner(Map<String, String> settings, long seed) {
        return new NaiveBayesLearner(NaiveBayesLearner.Options.from(new Settings(name(), settings)), seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION) {
            throw new ModelFileException("naive Bayes state version " + stateVersion + " is not supported (this Lethe reads "
                    + STATE_VERSION + ")");
        }
        return NaiveBayesModel.read(in);
    }
}
