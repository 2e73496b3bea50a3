package dev.lethe.tribuo;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.Provenance;
import dev.lethe.model.TrainingRecords;
import java.util.Map;
import java.util.function.LongFunction;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/**
 * Any Tribuo classification trainer as a Lethe learner: converts the data with {@link TribuoData},
 * trains a fresh trainer made from the seed, and wraps the result in a {@link TribuoModel}.
 * Programmatic use can pass any {@code LongFunction<Trainer<Label>>}; the {@code tribuo} family
 * builds one from settings so that model files and SISA can rebuild it.
 */
public final class TribuoLearner implements Learner<TribuoModel> {

    private final LongFunction<Trainer<Label>> trainers;
    private final Map<String, String> settings;
    private final long seed;
    private final boolean scale;

    /**
     * @param trainers makes a fresh trainer from a seed (fresh per fit, for reproducibility)
     * @param settings the settings that {@link TribuoFamily#learner} turns back into this learner
     */
    public TribuoLearner(LongFunction<Trainer<Label>> trainers, Map<String, String> settings, long seed) {
        this(trainers, settings, seed, false);
    }

    /** @param scale standardise numeric features (mean 0, spread 1 on the training data) before Tribuo sees them */
    public TribuoLearner(LongFunction<Trainer<Label>> trainers, Map<String, String> settings, long seed, boolean scale) {
        this.scale = scale;
        this.trainers = trainers;
        this.settings = Map.copyOf(settings);
        this.seed = seed;
    }

    @Override
    public String family() {
        return TribuoFamily.NAME;
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public TribuoModel fit(Dataset data) {
        if (!data.schema().isClassification()) {
            throw new DataException("tribuo learners here are classifiers; the target '" + data.schema().target().name()
                    + "' is numeric");
        }
        if (data.size() == 0) {
            throw new DataException("tribuo: cannot train on an empty dataset");
        }
        Scaling scaling = scale ? Scaling.fit(data) : Scaling.identity(data.numFeatures());
        Model<Label> model = trainers.apply(seed).train(TribuoData.toTribuo(data, scaling));
        Provenance p = Provenance.of(family(), settings, seed, data.fingerprint(), data.size());
        return new TribuoModel(p, new TrainingRecords(data), model, scaling);
    }
}
