package dev.lethe.models.linear;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Magnitudes;
import dev.lethe.math.NormalEquations;
import dev.lethe.model.LearnerOptions;
import dev.lethe.model.OptionsException;
import dev.lethe.model.OptionsLearner;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.TrainingRecords;
import java.util.Map;

/**
 * Fits ridge regression (numeric target) or a one-vs-rest ridge classifier (categorical target)
 * by solving the regularised normal equations (XᵀX + λD)β = XᵀY in one pass over the data
 * (Hoerl and Kennard, "Ridge regression: biased estimation for nonorthogonal problems",
 * Technometrics 1970). The design matrix holds the numeric features, one indicator column per level
 * of each categorical feature, and an unpenalised intercept; a classifier regresses the 0/1
 * indicator of each class. The fit is deterministic; the seed is only recorded.
 *
 * <p>The model it returns forgets exactly by downdating its normal equations; see {@link RidgeModel}.
 */
public final class RidgeLearner extends OptionsLearner<RidgeLearner.Options, RidgeModel> {

    /**
     * Ridge hyperparameters.
     *
     * @param lambda the penalty λ on every coefficient but the intercept; finite and &gt; 0 (it also
     *               keeps the normal equations positive definite with one-hot columns); default 1
     */
    public record Options(double lambda) implements LearnerOptions {

        public static final double DEFAULT_LAMBDA = 1.0;

        public Options {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new OptionsException("ridge option lambda: expected a finite number > 0, got " + lambda);
            }
        }

        public Options() {
            this(DEFAULT_LAMBDA);
        }

        /** Reads {@code lambda} from settings (the caller rejects unknown keys). */
        public static Options from(Settings s) {
            return new Options(s.doubleValue("lambda", DEFAULT_LAMBDA, Double.MIN_VALUE, Double.MAX_VALUE));
        }

        @Override
        public Map<String, String> toSettings() {
            return Map.of("lambda", Double.toString(lambda));
        }
    }

    public RidgeLearner(Options options, long seed) {
        super(RidgeFamily.NAME, options, seed);
    }

    public RidgeLearner(Options options) {
        this(options, 0);
    }

    /**
     * Fits on every row of {@code data}: one pass accumulating the sparse outer products into the
     * Gram matrix, then a Cholesky factorisation and solve.
     *
     * @throws OptionsException if λ is too small for the normal equations to be numerically positive definite
     */
    @Override
    public RidgeModel fit(Dataset data) {
        if (data.size() == 0) {
            throw new DataException("ridge regression needs at least one training row, got 0");
        }
        Magnitudes.requireSafe(data, family());
        DesignLayout layout = DesignLayout.of(data.schema());
        boolean classifier = data.schema().isClassification();
        int outputs = classifier ? data.schema().numClasses() : 1;
        NormalEquations eq = NormalEquations.empty(layout.dimension(), outputs, options.lambda());
        long[] classRows = new long[classifier ? outputs : 0];
        int[] index = new int[layout.maxNonZeros()];
        double[] value = new double[index.length];
        for (int i = 0; i < data.size(); i++) {
            int nnz = layout.encode(data, i, index, value);
            if (classifier) {
                int label = data.label(i);
                eq.addRow(index, value, nnz, 1.0, label, 1.0);
                classRows[label]++;
            } else {
                eq.addRow(index, value, nnz, 1.0, 0, data.target(i));
            }
        }
        try {
            eq.refactor();
            eq.solve();
        } catch (ArithmeticException e) {
            throw new OptionsException("ridge option lambda=" + options.lambda() + " is too small for this data: the normal "
                    + "equations are not numerically positive definite (" + e.getMessage() + "); use a larger lambda");
        }
        Provenance provenance = Provenance.of(RidgeFamily.NAME, settings(), seed, data.fingerprint(), data.size());
        return new RidgeModel(provenance, new TrainingRecords(data), options, layout, eq, classRows);
    }
}
