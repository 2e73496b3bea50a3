package dev.lethe.engine;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.LoadedData;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Evaluation;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelStore;
import dev.lethe.store.NewVersion;
import dev.lethe.store.Registry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts data and models into the registry: imports datasets (keeping every record so it can be
 * erased and models retrained) and trains models on them, recording each model's lineage.
 */
public final class Catalog {

    private final Registry registry;

    public Catalog(Registry registry) {
        this.registry = registry;
    }

    /** Reads a file and imports it under {@code name}. */
    public DatasetInfo importFile(String name, Path file, ReadOptions options) {
        LoadedData loaded = DatasetReader.read(file, options);
        Map<String, String> source = new LinkedHashMap<>(options.toMap());
        source.put("file", file.toString());
        return registry.datasets().importDataset(name, loaded.dataset(), source);
    }

    public DatasetInfo importDataset(String name, Dataset data, Map<String, String> source) {
        return registry.datasets().importDataset(name, data, source);
    }

    /**
     * How to train a model.
     *
     * @param holdout        fraction of the records held out to measure accuracy (0 for none)
     * @param accuracyMargin the largest tolerated fall in held-out accuracy before the model is retrained
     *                       (ignored without a holdout)
     */
    public record TrainSpec(String name, String dataset, String family, Map<String, String> settings, long seed,
                            double holdout, double accuracyMargin) {
        public TrainSpec {
            settings = Map.copyOf(settings);
            if (!(holdout >= 0 && holdout < 1)) {
                throw new OptionsException("holdout must lie in [0, 1), got " + holdout);
            }
            if (!(accuracyMargin >= 0 && accuracyMargin <= 1)) {
                throw new OptionsException("accuracy margin must lie in [0, 1], got " + accuracyMargin);
            }
        }

        public static TrainSpec of(String name, String dataset, String family) {
            return new TrainSpec(name, dataset, family, Map.of(), 1L, 0, 0);
        }
    }

    /**
     * Trains a model on the dataset's records that are held and not planned for forgetting, and
     * stores it as version 1.
     */
    public ModelInfo train(TrainSpec spec) {
        DatasetInfo info = registry.datasets().get(spec.dataset());
        ModelFamily family = ModelFamilies.byName(spec.family());
        Learner<?> learner = family.learner(spec.settings(), spec.seed());
        Lineage usable = registry.datasets().liveRecords(info.id()).andNot(registry.requests().forgottenRecords());
        Dataset data = registry.datasets().load(info.id(), usable);
        Dataset training = data;
        Dataset heldOut = null;
        if (spec.holdout() > 0) {
            Dataset.Split split = data.split(1 - spec.holdout(), spec.seed());
            training = split.first();
            heldOut = split.second();
            if (heldOut.size() == 0) {
                throw new OptionsException("holdout " + spec.holdout() + " of " + data.size()
                        + " records holds out none; use a larger holdout, or 0 for no accuracy guard");
            }
        }
        training = inRecordOrder(training); // as the worker retrains; and the version's IDs then encode compactly
        UnlearnableModel model = learner.fit(training);
        model.recordSource(Map.of("dataset", info.name()));
        Lineage lineage = Lineage.of(training.recordIds());
        Lineage holdoutIds = heldOut == null ? null : Lineage.of(heldOut.recordIds());
        Double baseline = heldOut == null ? null : Evaluation.of(model, heldOut).headline();
        Double margin = heldOut == null ? null : spec.accuracyMargin();
        return registry.models().create(spec.name(), family.name(), info.id(), learner.settings(), learner.seed(),
                holdoutIds, baseline, margin, new NewVersion(ModelStore.encode(model), model.stateDigest(), lineage, "trained", null));
    }

    /** Loads the current version of a model. */
    public UnlearnableModel load(String modelName) {
        return registry.models().load(modelName, registry.models().get(modelName).currentVersion());
    }

    private static Dataset inRecordOrder(Dataset data) {
        long[] ids = data.recordIds();
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> ids[i]));
        return data.select(java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray());
    }
}
