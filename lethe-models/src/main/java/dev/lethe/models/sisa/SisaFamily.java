package dev.lethe.models.sisa;

import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code sisa} plug-in: SISA training (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021)
 * around any other registered family. Settings: {@code base} (the family), {@code shards} (S, default
 * 8), {@code slices} (R, default 1), {@code aggregation} (vote|mean|weighted, default mean),
 * {@code placement} (uniform|subject|likelihood, default uniform), for likelihood placement
 * {@code likelihoodColumn}, {@code hotThreshold} (default 0.5) and {@code hotShards} (default 1),
 * {@code threads} (0 = all cores), {@code runner} (the {@link ShardRunner} that trains the shards, default
 * {@code local}), {@code shardsAt} (a directory URI where each shard is kept as a file, {@link ShardFiles}), and {@code base.<key>=<value>} for the base learner.
 *
 * <p>A forgetting model equals {@code sisa} retrained from scratch on what remains bit for bit
 * (placement is per record), so the exactness tolerance is 0.
 */
public final class SisaFamily implements ModelFamily {

    public static final String NAME = "sisa";
    static final int STATE_VERSION = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SISA sharded, sliced training around any base family (base=...); forgets exactly by retraining one shard from a checkpoint";
    }

    @Override
    public Learner<SisaModel> learner(Map<String, String> settings, long seed) {
        return new SisaLearner(SisaLearner.Options.from(settings), seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION && stateVersion != ShardFiles.STATE_VERSION) {
            throw new ModelFileException("sisa state version " + stateVersion + " is not supported (this Lethe reads "
                    + STATE_VERSION + " and " + ShardFiles.STATE_VERSION + ")");
        }
        return SisaModel.read(in, stateVersion);
    }

    /** The base learner with the base settings, trained on all the data: what SISA trades accuracy against. */
    @Override
    public Optional<Learner<?>> monolithicBaseline(Map<String, String> settings, long seed) {
        SisaLearner.Options options = SisaLearner.Options.from(settings);
        Learner<?> base = options.baseFamily().learner(options.baseSettings(), seed);
        if (options.placement() == Placement.LIKELIHOOD) {
            return Optional.of(new WithoutColumns<>(base, Set.of(options.likelihoodColumn())));
        }
        return Optional.of(base);
    }

    @Override
    public double exactnessTolerance() {
        return 0;
    }
}
