package dev.lethe.engine.tally;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.Provenance;
import dev.lethe.model.TrainingRecords;
import java.util.Map;

/** Fits {@link TallyModel}s. */
public record TallyLearner(int budget, int maxRequest, long seed) implements Learner<TallyModel> {

    public TallyLearner(int budget, long seed) {
        this(budget, 0, seed);
    }

    @Override
    public String family() {
        return "tally";
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new java.util.TreeMap<>();
        if (budget > 0) {
            out.put("budget", Integer.toString(budget));
        }
        if (maxRequest > 0) {
            out.put("max-request", Integer.toString(maxRequest));
        }
        return out;
    }

    @Override
    public TallyModel fit(Dataset data) {
        Provenance p = Provenance.of("tally", settings(), seed, data.fingerprint(), data.size());
        return new TallyModel(p, new TrainingRecords(data), budget, maxRequest, 0);
    }
}
