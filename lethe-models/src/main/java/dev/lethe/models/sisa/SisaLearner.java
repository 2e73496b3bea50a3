package dev.lethe.models.sisa;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Magnitudes;
import dev.lethe.model.Learner;
import dev.lethe.model.LearnerOptions;
import dev.lethe.model.OptionsLearner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.TrainingProgress;
import dev.lethe.model.TrainingRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a {@link SisaModel}: places the records into shards and slices ({@link Placement}), then trains
 * one constituent of the base family per shard, in parallel, with a checkpoint after each slice when
 * the base learner is incremental (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021).
 */
public final class SisaLearner extends OptionsLearner<SisaLearner.Options, SisaModel> {

    /** Settings that configure the base learner start with this prefix: {@code base.k=2}. */
    public static final String BASE_PREFIX = "base.";

    /**
     * SISA's options.
     *
     * @param base             the constituents' family (any registered family but {@code sisa})
     * @param shards           S, the number of isolated shards
     * @param slices           R, the slices per shard (checkpoints for incremental learners)
     * @param aggregation      how constituents' outputs are combined
     * @param placement        how records are placed into shards
     * @param likelihoodColumn for {@link Placement#LIKELIHOOD}: the numeric feature holding each record's
     *                         deletion likelihood in [0, 1]; it is not an input of the constituents
     * @param hotThreshold     likelihood at or above which a record is "likely to be deleted"
     * @param hotShards        how many shards hold the likely deletions
     * @param threads          shards trained at once; 0 means one per core (does not change the model)
     * @param runner           the {@link ShardRunner} that trains the shards, by name (does not change the model)
     * @param shardsAt         the directory URI where the shards are kept as files ({@link ShardFiles}), or null to
     *                         keep them in the model's payload (does not change the model)
     * @param baseSettings     the base learner's settings (without the {@code base.} prefix)
     */
    public record Options(String base, int shards, int slices, Aggregation aggregation, Placement placement,
                          String likelihoodColumn, double hotThreshold, int hotShards, int threads, String runner,
                          String shardsAt, Map<String, String> baseSettings) implements LearnerOptions {

        /** The base learner when none is named: exact, fast, and always on the class path. */
        public static final String DEFAULT_BASE = "nb";

        public Options {
            if (base == null || base.isBlank()) {
                throw new OptionsException("sisa needs a base learner: --set base=<family>; known: " + ModelFamilies.names());
            }
            if (base.equals(SisaFamily.NAME)) {
                throw new OptionsException("sisa setting 'base': expected a family other than sisa, got 'sisa'");
            }
            if (shards < 1 || shards > 100_000) {
                throw new OptionsException("sisa setting 'shards': expected a value in [1, 100000], got " + shards);
            }
            if (slices < 1 || slices > 10_000) {
                throw new OptionsException("sisa setting 'slices': expected a value in [1, 10000], got " + slices);
            }
            if (placement == Placement.LIKELIHOOD && (likelihoodColumn == null || likelihoodColumn.isBlank())) {
                throw new OptionsException("sisa placement=likelihood needs likelihoodColumn=<numeric feature in [0, 1]>");
            }
            if (placement != Placement.LIKELIHOOD && likelihoodColumn != null) {
                throw new OptionsException("sisa setting 'likelihoodColumn' needs placement=likelihood, got placement="
                        + placement.settingName());
            }
            if (!(hotThreshold >= 0 && hotThreshold <= 1)) {
                throw new OptionsException("sisa setting 'hotThreshold': expected a value in [0, 1], got " + hotThreshold);
            }
            if (hotShards < 1 || hotShards > shards) {
                throw new OptionsException("sisa setting 'hotShards': expected a value in [1, " + shards + "], got " + hotShards);
            }
            if (threads < 0) {
                throw new OptionsException("sisa setting 'threads': expected a value ≥ 0, got " + threads);
            }
            runner = runner == null ? LocalShardRunner.NAME : runner;
            ShardRunners.byName(runner);
            if (shardsAt != null) {
                if (shardsAt.isBlank()) {
                    throw new OptionsException("sisa setting 'shardsAt': expected the URI of a directory (file:, hdfs:, s3a:), "
                            + "got an empty value");
                }
                ShardFileSystem.get();
            }
            baseSettings = Map.copyOf(baseSettings);
            // fails with the base family's own message for an unknown family or a bad base setting
            ModelFamilies.byName(base).learner(baseSettings, 0);
        }

        /** Options from flat settings: SISA's own keys, and {@code base.<key>} for the base learner. */
        public static Options from(Map<String, String> settings) {
            Map<String, String> own = new LinkedHashMap<>();
            Map<String, String> baseSettings = new LinkedHashMap<>();
            settings.forEach((k, v) -> {
                if (k.startsWith(BASE_PREFIX)) {
                    baseSettings.put(k.substring(BASE_PREFIX.length()), v);
                } else {
                    own.put(k, v);
                }
            });
            Settings s = new Settings(SisaFamily.NAME, own);
            String base = s.string("base", DEFAULT_BASE);
            int shards = s.intValue("shards", 8, 1, 100_000);
            int slices = s.intValue("slices", 1, 1, 10_000);
            Aggregation aggregation = Aggregation.of(s.choice("aggregation", "mean", Set.of("vote", "mean", "weighted")));
            Placement placement = Placement.of(s.choice("placement", "uniform", Set.of("uniform", "subject", "likelihood")));
            String likelihood = s.string("likelihoodColumn", null);
            double hot = s.doubleValue("hotThreshold", 0.5, 0, 1);
            int hotShards = s.intValue("hotShards", 1, 1, 100_000);
            int threads = s.intValue("threads", 0, 0, 4096);
            String runner = s.string("runner", LocalShardRunner.NAME);
            String shardsAt = s.string("shardsAt", null);
            s.rejectUnknown();
            return new Options(base, shards, slices, aggregation, placement, likelihood, hot, hotShards, threads, runner,
                    shardsAt, baseSettings);
        }

        public Map<String, String> toSettings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("base", base);
            m.put("shards", Integer.toString(shards));
            m.put("slices", Integer.toString(slices));
            m.put("aggregation", aggregation.settingName());
            m.put("placement", placement.settingName());
            if (placement == Placement.LIKELIHOOD) {
                m.put("likelihoodColumn", likelihoodColumn);
                m.put("hotThreshold", Double.toString(hotThreshold));
                m.put("hotShards", Integer.toString(hotShards));
            }
            if (threads != 0) {
                m.put("threads", Integer.toString(threads));
            }
            if (!runner.equals(LocalShardRunner.NAME)) {
                m.put("runner", runner);
            }
            if (shardsAt != null) {
                m.put("shardsAt", shardsAt);
            }
            new java.util.TreeMap<>(baseSettings).forEach((k, v) -> m.put(BASE_PREFIX + k, v));
            return m;
        }

        /** These options with the shards kept at {@code uri} (null: in the model's payload). */
        public Options withShardsAt(String uri) {
            return new Options(base, shards, slices, aggregation, placement, likelihoodColumn, hotThreshold, hotShards,
                    threads, runner, uri, baseSettings);
        }

        ModelFamily baseFamily() {
            return ModelFamilies.byName(base);
        }
    }

    private final TrainingProgress progress;

    public SisaLearner(Options options, long seed) {
        this(options, seed, TrainingProgress.NONE);
    }

    private SisaLearner(Options options, long seed, TrainingProgress progress) {
        super(SisaFamily.NAME, options, seed);
        this.progress = progress;
    }

    @Override
    public SisaLearner withProgress(TrainingProgress p) {
        return new SisaLearner(options, seed, p);
    }

    /** The learner of shard {@code k}'s constituent, with the shard's own seed. */
    Learner<?> shardLearner(int k) {
        return options.baseFamily().learner(options.baseSettings(), Placement.shardSeed(seed, k));
    }

    /** The index of the likelihood column in {@code data}, or -1 when placement does not use one. */
    int likelihoodIndex(Dataset data) {
        if (options.placement() != Placement.LIKELIHOOD) {
            return -1;
        }
        int j = data.schema().indexOf(options.likelihoodColumn());
        if (j < 0) {
            throw new DataException("sisa: no likelihood column '" + options.likelihoodColumn() + "'; the features are "
                    + data.schema().featureNames());
        }
        Attribute a = data.schema().feature(j);
        if (a.isCategorical()) {
            throw new DataException("sisa: likelihood column '" + a.name() + "' must be numeric, got categorical " + a.levels());
        }
        if (data.numFeatures() == 1) {
            throw new DataException("sisa: the likelihood column '" + a.name() + "' is the only feature; the constituents need at least one input");
        }
        return j;
    }

    Placement.Layout place(Dataset data) {
        return options.placement().place(data, seed, options.shards(), options.slices(), likelihoodIndex(data),
                options.hotThreshold(), options.hotShards());
    }

    @Override
    public SisaModel fit(Dataset data) {
        if (data.size() == 0) {
            throw new DataException("sisa needs at least one training row, got 0");
        }
        Magnitudes.requireSafe(data, family());
        Placement.Layout layout = place(data);
        Set<String> excluded = options.placement() == Placement.LIKELIHOOD ? Set.of(options.likelihoodColumn()) : Set.of();
        // the constituents train on views of the model's own copy, so a forget's erasure reaches them too
        TrainingRecords records = TrainingRecords.owning(data);
        List<ShardJob> jobs = new ArrayList<>();
        for (int k = 0; k < options.shards(); k++) {
            jobs.add(new ShardJob(shardLearner(k), records.data(), layout.rows(k), layout.sliceEnds()[k], row -> true, Map.of(),
                    excluded, 0, null));
        }
        String residence = java.util.UUID.randomUUID().toString();
        int[] all = java.util.stream.IntStream.range(0, options.shards()).toArray();
        ShardState[] shards = ShardExecution.run(jobs, all, residence, null, options, progress);
        Provenance p = Provenance.of(family(), settings(), seed, data.fingerprint(), data.size());
        return new SisaModel(p, records, this, layout, shards, residence);
    }
}
