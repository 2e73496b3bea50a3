package dev.lethe.engine.tally;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.Provenance;
import dev.lethe.model.TrainingRecords;
import java.util.Map;

/** Fits {@link TallyModel}s. */
public record TallyLearner(int budget, long seed) implements Learner<TallyModel> {

    @Override
    public String family() {
        return "tally";
    }

    @Override
    public Map<String, String> settings() {
        return budget == 0 ? Map.of() : Map.of("budget", Integer.toString(budget));
    }

    @Override
    public TallyModel fit(Dataset data) {
        Provenance p = Provenance.of("tally", settings(), seed, data.fingerprint(), data.size());
        return new TallyModel(p, new TrainingRecords(data), budget, 0);
    }
}
