package dev.lethe.models.bayes;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Magnitudes;
import dev.lethe.data.Schema;
import dev.lethe.model.LearnerOptions;
import dev.lethe.model.OptionsLearner;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.TrainingRecords;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fits {@link NaiveBayesModel}s in a single pass over the data: each record adds its terms to its
 * class's sufficient statistics. Deterministic: the seed is recorded but not used.
 *
 * <p>Classification only; numeric features get Gaussian likelihoods (John and Langley, "Estimating
 * Continuous Distributions in Bayesian Classifiers", UAI 1995) with scikit-learn's variance
 * smoothing, and categorical features Laplace-smoothed level frequencies over the schema's
 * dictionary. Class priors are unsmoothed frequencies (see {@link NaiveBayesModel} for why).
 */
public final class NaiveBayesLearner extends OptionsLearner<NaiveBayesLearner.Options, NaiveBayesModel> {

    /**
     * Hyperparameters.
     *
     * @param alpha        additive (Laplace) smoothing of categorical likelihoods; positive, default 1
     * @param varSmoothing fraction of the largest feature variance added to every class variance
     *                     (scikit-learn's {@code var_smoothing}); positive, default 10⁻⁹
     */
    public record Options(double alpha, double varSmoothing) implements LearnerOptions {

        public static final double DEFAULT_ALPHA = 1.0;
        public static final double DEFAULT_VAR_SMOOTHING = 1e-9;

        public Options {
            if (!(alpha > 0) || !Double.isFinite(alpha)) {
                throw new OptionsException(NaiveBayesModel.FAMILY + " setting 'alpha': expected a finite number > 0, got "
                        + alpha);
            }
            if (!(varSmoothing > 0) || !Double.isFinite(varSmoothing)) {
                throw new OptionsException(NaiveBayesModel.FAMILY
                        + " setting 'varSmoothing': expected a finite number > 0, got " + varSmoothing);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_ALPHA, DEFAULT_VAR_SMOOTHING);
        }

        /** Options from {@code alpha} and {@code varSmoothing} settings; any other key is an error. */
        public static Options from(Settings s) {
            double alpha = s.doubleValue("alpha", DEFAULT_ALPHA, -Double.MAX_VALUE, Double.MAX_VALUE);
            double varSmoothing = s.doubleValue("varSmoothing", DEFAULT_VAR_SMOOTHING, -Double.MAX_VALUE, Double.MAX_VALUE);
            s.rejectUnknown();
            return new Options(alpha, varSmoothing);
        }

        /** The options as settings that {@link #from} reads back to equal options. */
        public Map<String, String> toSettings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("alpha", Double.toString(alpha));
            m.put("varSmoothing", Double.toString(varSmoothing));
            return m;
        }
    }


    public NaiveBayesLearner(Options options, long seed) {
        super(NaiveBayesModel.FAMILY, options, seed);
    }

    public NaiveBayesLearner() {
        this(Options.defaults(), 0);
    }

    /**
     * @throws DataException if the data is a regression task or has no rows
     */
    @Override
    public NaiveBayesModel fit(Dataset data) {
        Schema schema = data.schema();
        if (!schema.isClassification()) {
            throw new DataException("naive Bayes is a classifier: expected a categorical target, but '"
                    + schema.target().name() + "' is numeric (a regression task)");
        }
        if (data.size() == 0) {
            throw new DataException("naive Bayes needs at least one training row, got 0");
        }
        Magnitudes.requireSafe(data, family());
        NaiveBayesStatistics statistics = new NaiveBayesStatistics(schema);
        for (int i = 0, n = data.size(); i < n; i++) {
            statistics.add(data, i, data.label(i));
        }
        Provenance provenance = Provenance.of(family(), settings(), seed, data.fingerprint(), data.size());
        return new NaiveBayesModel(provenance, new TrainingRecords(data), options, statistics, false);
    }
}
