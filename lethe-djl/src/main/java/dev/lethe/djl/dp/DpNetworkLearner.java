package dev.lethe.djl.dp;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.Learner;
import dev.lethe.model.Provenance;
import dev.lethe.model.TrainingProgress;
import dev.lethe.model.TrainingRecords;
import dev.lethe.privacy.dpsgd.DpSgd;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trains {@link DpNetworkModel}s by DP-SGD to a target (ε, δ) per record or per subject ({@link DpTrainingOptions#unit}). */
public final class DpNetworkLearner implements Learner<DpNetworkModel> {

    private final String family;
    private final DpNetworkFamily.Architecture architecture;
    private final DpTrainingOptions options;
    private final boolean autoScale;
    private final Map<String, String> settings;
    private final long seed;
    private final TrainingProgress progress;

    DpNetworkLearner(String family, DpNetworkFamily.Architecture architecture, DpTrainingOptions options, boolean autoScale,
                     Map<String, String> settings, long seed, TrainingProgress progress) {
        this.family = family;
        this.architecture = architecture;
        this.options = options;
        this.autoScale = autoScale;
        this.settings = Map.copyOf(settings);
        this.seed = seed;
        this.progress = progress;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Map<String, String> settings() {
        return new LinkedHashMap<>(settings);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Learner<DpNetworkModel> withProgress(TrainingProgress listener) {
        return new DpNetworkLearner(family, architecture, options, autoScale, settings, seed, listener);
    }

    /** The options for data of {@code schema}: with {@code scale=auto}, 1/255 for square greyscale images, else 1. */
    DpTrainingOptions options(Schema schema) {
        if (!autoScale) {
            return options;
        }
        double scale = DpInputs.images(schema) ? 1 / 255.0 : 1;
        return new DpTrainingOptions(options.epsilon(), options.delta(), options.clip(), options.epochs(), options.batch(),
                options.rate(), options.momentum(), scale, options.unit());
    }

    DpInputs inputs(Schema schema) {
        return DpInputs.of(schema, options(schema).scale());
    }

    DpNetwork network(Schema schema) {
        return architecture.build(schema, inputs(schema).width(), schema.numClasses());
    }

    @Override
    public DpNetworkModel fit(Dataset data) {
        if (!data.schema().isClassification()) {
            throw new DataException(family + " is a classifier; the target '" + data.schema().target().name() + "' is numeric");
        }
        if (data.size() == 0) {
            throw new DataException(family + ": no training records");
        }
        Trained t = train(data);
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.putAll(DpSgd.guarantee(t.run(), options.delta(), options.unit()));
        Provenance p = Provenance.of(family, s, seed, data.fingerprint(), data.size());
        return new DpNetworkModel(p, new TrainingRecords(data), this, t.params());
    }

    /** Weights trained by DP-SGD on {@code data}, and the run (σ, steps, q, ε) that trained them. */
    record Trained(float[][] params, DpSgd.Run run) {
    }

    Trained train(Dataset data) {
        DpTrainingOptions o = options(data.schema());
        DpNetwork net = network(data.schema());
        int[][] groups = o.unit().groups(data);
        DpSgd.Run run = DpSgd.plan(groups.length, o.epsilon(), o.delta(), o.batch(), o.epochs());
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.label(i);
        }
        return new Trained(DpSgdTrainer.train(net, inputs(data.schema()).encodeAll(data), y, groups, o, seed, run, progress), run);
    }
}
