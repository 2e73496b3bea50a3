package dev.lethe.models.neighbours;

import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code knn} plug-in: exact k-nearest neighbours ({@link KnnLearner}, {@link KnnModel}).
 * Settings: {@code k} (default 5) and {@code weighting} ({@code uniform} or {@code distance}).
 *
 * <p>Model state (version 1): the shared part (provenance and training records), then {@code k}
 * and the weighting. The k-d tree is not stored; it is rebuilt on load from the live records.
 */
public final class KnnFamily implements ModelFamily {

    static final int STATE_VERSION = 1;

    @Override
    public String name() {
        return KnnModel.FAMILY;
    }

    @Override
    public String description() {
        return "exact k-nearest neighbours (k-d tree; forgets by deletion, exact)";
    }

    @Override
    public Learner<?> learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(name(), settings);
        KnnLearner.Options options = KnnLearner.Options.from(s);
        s.rejectUnknown();
        return new KnnLearner(options, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        if (stateVersion != STATE_VERSION) {
            throw new ModelFileException("knn model state version " + stateVersion + " is not supported (expected "
                    + STATE_VERSION + ")");
        }
        AbstractUnlearnableModel.Common common = AbstractUnlearnableModel.Common.read(in);
        int k = in.readInt();
        String weighting = in.readUTF();
        KnnLearner.Options options;
        try {
            options = new KnnLearner.Options(k, KnnLearner.Weighting.parse(weighting));
        } catch (OptionsException e) {
            throw new ModelFileException("corrupted knn model state: " + e.getMessage(), e);
        }
        if (common.records().remainingCount() == 0) {
            throw new ModelFileException("corrupted knn model state: no training record remains");
        }
        return new KnnModel(common.provenance(), common.records(), options);
    }
}
