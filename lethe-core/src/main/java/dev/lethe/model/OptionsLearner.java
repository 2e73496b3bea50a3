package dev.lethe.model;

import java.util.Map;
import java.util.Objects;

/**
 * The part every learner shares: its family, its immutable {@code Options} and its seed, and the
 * settings (for provenance) derived from the options. A family's learner adds only {@code fit}.
 */
public abstract class OptionsLearner<O extends LearnerOptions, M extends UnlearnableModel> implements Learner<M> {

    private final String family;
    protected final O options;
    protected final long seed;

    protected OptionsLearner(String family, O options, long seed) {
        this.family = Objects.requireNonNull(family, "family");
        this.options = Objects.requireNonNull(options, "options");
        this.seed = seed;
    }

    public O options() {
        return options;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Map<String, String> settings() {
        return options.toSettings();
    }

    @Override
    public long seed() {
        return seed;
    }
}
