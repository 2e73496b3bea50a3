package dev.lethe.models.neighbours;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Magnitudes;
import dev.lethe.model.LearnerOptions;
import dev.lethe.model.OptionsLearner;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.TrainingRecords;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fits exact k-nearest-neighbour models (Cover &amp; Hart 1967): "training" stores the records and
 * indexes them in a k-d tree; prediction votes (classification) or averages (regression) over the
 * k nearest live records. See {@link KnnModel} for the distance, tie-breaking and forgetting.
 *
 * <p>Deterministic: the seed is recorded in the provenance but nothing is random.
 */
public final class KnnLearner extends OptionsLearner<KnnLearner.Options, KnnModel> {

    /** How neighbours' votes are weighted. */
    public enum Weighting {
        /** Every neighbour counts once. */
        UNIFORM,
        /**
         * A neighbour counts 1/distance; if any neighbour is at distance 0, only those at distance 0
         * count, equally (an exact match decides).
         */
        DISTANCE;

        /** The name used in settings: {@code uniform} or {@code distance}. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws OptionsException naming the allowed values */
        public static Weighting parse(String name) {
            for (Weighting w : values()) {
                if (w.settingName().equals(name)) {
                    return w;
                }
            }
            throw new OptionsException("knn option weighting: expected one of " + names() + ", got '" + name + "'");
        }

        static Set<String> names() {
            return Arrays.stream(values()).map(Weighting::settingName).collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /**
     * The hyperparameters.
     *
     * @param k         how many neighbours vote (default 5); when fewer records remain, all of them vote
     * @param weighting how votes are weighted (default {@link Weighting#UNIFORM}; {@code null} means the default)
     */
    public record Options(int k, Weighting weighting) implements LearnerOptions {

        public static final int DEFAULT_K = 5;
        /** The largest k accepted; larger values would only make every prediction the global vote. */
        public static final int MAX_K = 1_000_000;

        public Options {
            if (k < 1 || k > MAX_K) {
                throw new OptionsException("knn option k: expected a value in [1, " + MAX_K + "], got " + k);
            }
            weighting = weighting == null ? Weighting.UNIFORM : weighting;
        }

        public Options() {
            this(DEFAULT_K, Weighting.UNIFORM);
        }

        /** Reads {@code k} and {@code weighting}; the caller then calls {@link Settings#rejectUnknown()}. */
        public static Options from(Settings s) {
            int k = s.intValue("k", DEFAULT_K, 1, MAX_K);
            String w = s.choice("weighting", Weighting.UNIFORM.settingName(), Weighting.names());
            return new Options(k, Weighting.parse(w));
        }

        /** The options as settings that {@link #from} reads back. */
        public Map<String, String> toSettings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("k", Integer.toString(k));
            m.put("weighting", weighting.settingName());
            return m;
        }
    }


    public KnnLearner(Options options, long seed) {
        super(KnnModel.FAMILY, options == null ? new Options() : options, seed);
    }

    public KnnLearner(Options options) {
        this(options, 0L);
    }

    /** @throws DataException when {@code data} has no rows */
    @Override
    public KnnModel fit(Dataset data) {
        if (data.size() == 0) {
            throw new DataException("k-NN needs at least one training record, got an empty dataset " + data);
        }
        Magnitudes.requireSafe(data, family());
        Provenance provenance = Provenance.of(KnnModel.FAMILY, settings(), seed, data.fingerprint(), data.size());
        return new KnnModel(provenance, new TrainingRecords(data), options);
    }
}
