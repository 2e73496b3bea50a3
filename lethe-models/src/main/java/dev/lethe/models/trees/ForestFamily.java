package dev.lethe.models.trees;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetHistory;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code forest} family: exact-unlearning random forests after DaRE (Brophy &amp; Lowd, ICML
 * 2021) and DynFrs (ICLR 2025). See {@link ForestModel} for what "exact" means here.
 */
public final class ForestFamily implements ModelFamily {

    public static final String NAME = "forest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "random forest (DaRE/DynFrs) that forgets exactly in microseconds; classification and regression";
    }

    @Override
    public Learner<?> learner(Map<String, String> settings, long seed) {
        return new ForestLearner(ForestLearner.Options.from(new Settings(NAME, settings)), seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        // version 2 may hold pending subtrees as row sets (ForestCodec.PENDING); version 1 never does;
        // version 3 routes the rows of leaves and pending subtrees on load
        if (stateVersion < 1 || stateVersion > ForestModel.STATE_VERSION) {
            throw new ModelFileException("forest state version " + stateVersion + " is not supported (this Lethe reads 1 to "
                    + ForestModel.STATE_VERSION + ")");
        }
        return ForestModel.read(in, AbstractUnlearnableModel.Common.read(in), stateVersion);
    }

    /**
     * Checks the invariants and compares with the same learner retrained from scratch on D \ S.
     *
     * <p>The report's fields: {@code rowsCompared} are the rows of {@code trainingData};
     * {@code maxOutputDifference} and {@code disagreements} compare class probabilities (or
     * predictions) with the retrained forest of the same seed — since a forget leaves the forest
     * training on D \ S would grow, both are 0 (regression: up to double-double rounding);
     * {@code maxParameterDifference} is the number of violated invariants of
     * {@link ForestModel#verifyInvariants()} (0 when all hold); the note gives the accuracy (or RMSE)
     * of both forests on the remaining data and the first violations. {@code passed} requires both.
     *
     * @throws DataException when {@code trainingData} is not the data the model was trained on
     */
    @Override
    public ExactnessReport verify(UnlearnableModel model, Dataset trainingData) {
        if (!(model instanceof ForestModel forest)) {
            throw new IllegalArgumentException("not a forest model: " + model.family());
        }
        String fingerprint = trainingData.fingerprint();
        if (!fingerprint.equals(model.provenance().dataFingerprint())) {
            throw new DataException("the data is not what the model was trained on (fingerprint " + fingerprint.substring(0, 12)
                    + "…, the model's is " + model.provenance().dataFingerprint().substring(0, 12) + "…)");
        }
        List<String> problems = forest.verifyInvariants();
        ForgetHistory history = model.history();
        Dataset remaining = history.applyTo(trainingData);
        long start = System.nanoTime();
        UnlearnableModel retrained = learner(model.provenance().settings(), model.provenance().seed()).fit(remaining);
        long retrainMillis = (System.nanoTime() - start) / 1_000_000;
        ExactnessReport retrain = RetrainCheck.compare(model, retrained, trainingData, exactnessTolerance(), retrainMillis);
        Dataset remainingFullRows = trainingData.withoutRecords(history.records()::contains);
        if (!history.relabels().isEmpty()) {
            remainingFullRows = remainingFullRows.withTargets(history.relabels());
        }
        String quality = quality(model, remainingFullRows) + " forgetting vs "
                + quality(retrained, remaining) + " retrained, on " + remaining.size() + " remaining rows";
        String note = "invariants: " + (problems.isEmpty() ? "all hold" : problems.size() + " violated, e.g. "
                + problems.subList(0, Math.min(3, problems.size()))) + "; " + retrain.note() + " vs same-seed retrain; " + quality;
        boolean passed = problems.isEmpty() && retrain.passed();
        return new ExactnessReport(retrain.rowsCompared(), retrain.maxOutputDifference(), retrain.disagreements(),
                problems.size(), retrain.tolerance(), passed, retrain.retrainMillis(), note);
    }

    /**
     * Accuracy (or RMSE) through {@link Evaluation}, the one home of these figures (rows remain: a forest
     * refuses to forget its last record), printed the same in every locale.
     */
    private static String quality(UnlearnableModel model, Dataset data) {
        Evaluation e = Evaluation.of(model, data);
        return e.classification() ? String.format(Locale.ROOT, "accuracy %.4f", e.accuracy())
                : String.format(Locale.ROOT, "RMSE %.6g", e.rmse());
    }
}
