package dev.lethe.engine.tally;

import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A test-only family, "tally": the class counts (or target sum) of the remaining training records,
 * forgotten exactly by subtraction. Setting {@code budget=N} makes its receipts report
 * {@code budgetExhausted=true} once more than N records have been forgotten, to exercise the
 * retraining policy; {@code max-request=N} refuses any single forget of more than N records, to
 * exercise how the worker isolates a request a model refuses.
 */
public final class TallyFamily implements ModelFamily {

    @Override
    public String name() {
        return "tally";
    }

    @Override
    public String description() {
        return "test family: class counts";
    }

    @Override
    public Learner<?> learner(Map<String, String> settings, long seed) {
        Settings s = new Settings("tally", settings);
        int budget = s.intValue("budget", 0, 0, Integer.MAX_VALUE);
        int maxRequest = s.intValue("max-request", 0, 0, Integer.MAX_VALUE);
        s.rejectUnknown();
        return new TallyLearner(budget, maxRequest, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        AbstractUnlearnableModel.Common common = AbstractUnlearnableModel.Common.read(in);
        int budget = in.readInt();
        int forgotten = in.readInt();
        int maxRequest = in.readInt();
        return new TallyModel(common.provenance(), common.records(), budget, maxRequest, forgotten);
    }
}
