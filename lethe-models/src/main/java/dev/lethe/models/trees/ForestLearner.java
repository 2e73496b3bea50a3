package dev.lethe.models.trees;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Magnitudes;
import dev.lethe.model.LearnerOptions;
import dev.lethe.model.OptionsLearner;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.TrainingRecords;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fits a {@link ForestModel}: T trees, each grown on the ⌈q·T⌉-of-T share of the records that
 * OCC(q) gives it (DynFrs, ICLR 2025), with random splits in the top {@code topd} levels and
 * greedy splits among {@code k} sampled candidate thresholds below (DaRE, ICML 2021). Trees grow
 * in parallel on all cores.
 */
public final class ForestLearner extends OptionsLearner<ForestLearner.Options, ForestModel> {

    /** Split criterion; {@code AUTO} is Gini for classification and MSE for regression. */
    public enum Criterion {
        AUTO, GINI, ENTROPY, MSE
    }

    /**
     * Forest hyperparameters.
     *
     * @param trees          number of trees T
     * @param maxDepth       depth limit (the root has depth 0)
     * @param minSamplesLeaf least rows a leaf may have
     * @param maxFeatures    features considered per node; 0 means round(√d) of the d features in use
     * @param k              candidate thresholds per considered feature: a hashed sample of k distinct values of the node's rows
     * @param topd           levels at the top that split at random among valid candidates
     * @param q              occupancy: each record goes to ⌈q·T⌉ trees (DynFrs OCC(q))
     * @param criterion      split criterion
     */
    public record Options(int trees, int maxDepth, int minSamplesLeaf, int maxFeatures, int k, int topd, double q,
                          Criterion criterion) implements LearnerOptions {

        public Options {
            check("trees", trees, 1, 10_000);
            check("maxDepth", maxDepth, 1, 64);
            check("minSamplesLeaf", minSamplesLeaf, 1, 1_000_000);
            check("maxFeatures", maxFeatures, 0, 1_000_000);
            check("k", k, 1, 1024);
            check("topd", topd, 0, 64);
            if (!(q > 0 && q <= 1)) {
                throw new OptionsException("forest setting 'q': expected a value in (0, 1], got " + q);
            }
            if (criterion == null) {
                throw new OptionsException("forest setting 'criterion': expected one of auto, gini, entropy, mse, got null");
            }
        }

        private static void check(String name, int v, int min, int max) {
            if (v < min || v > max) {
                throw new OptionsException("forest setting '" + name + "': expected a value in [" + min + ", " + max + "], got " + v);
            }
        }

        /**
         * 100 trees, depth 20, leaves of 1 row, round(√d) features, k = 20, topd = 0, q = 0.4, Gini/MSE.
         * q trades speed for accuracy: a forget touches ⌈q·T⌉ trees, while each tree sees a q share of
         * the data. q = 0.4 keeps held-out accuracy within about a point of a conventional bootstrap
         * forest on small data sets; on large ones (e.g. 250k rows) q = 0.1 loses nothing and forgets
         * four times faster.
         */
        public static Options defaults() {
            return new Options(100, 20, 1, 0, 20, 0, 0.4, Criterion.AUTO);
        }

        /** Options from {@code key=value} settings; unknown keys are an error. */
        public static Options from(Settings s) {
            Options d = defaults();
            Options o = new Options(
                    s.intValue("trees", d.trees, 1, 10_000),
                    s.intValue("maxDepth", d.maxDepth, 1, 64),
                    s.intValue("minSamplesLeaf", d.minSamplesLeaf, 1, 1_000_000),
                    s.intValue("maxFeatures", d.maxFeatures, 0, 1_000_000),
                    s.intValue("k", d.k, 1, 1024),
                    s.intValue("topd", d.topd, 0, 64),
                    s.doubleValue("q", d.q, 0, 1),
                    Criterion.valueOf(s.choice("criterion", "auto", Set.of("auto", "gini", "entropy", "mse"))
                            .toUpperCase(Locale.ROOT)));
            s.rejectUnknown();
            return o;
        }

        public Map<String, String> toSettings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("trees", Integer.toString(trees));
            m.put("maxDepth", Integer.toString(maxDepth));
            m.put("minSamplesLeaf", Integer.toString(minSamplesLeaf));
            m.put("maxFeatures", Integer.toString(maxFeatures));
            m.put("k", Integer.toString(k));
            m.put("topd", Integer.toString(topd));
            m.put("q", Double.toString(q));
            m.put("criterion", criterion.name().toLowerCase(Locale.ROOT));
            return m;
        }

        /** Trees per record, ⌈q·T⌉. */
        public int treesPerRecord() {
            return Math.max(1, Math.min(trees, (int) Math.ceil(q * trees - 1e-9)));
        }

        /** Features per node when {@code available} features are in use. */
        public int featuresPerNode(int available) {
            int p = maxFeatures == 0 ? (int) Math.round(Math.sqrt(available)) : maxFeatures;
            return Math.max(1, Math.min(available, p));
        }

        /** The criterion for a task; rejects a classification criterion for regression and vice versa. */
        Criterion resolve(boolean classification) {
            if (criterion == Criterion.AUTO) {
                return classification ? Criterion.GINI : Criterion.MSE;
            }
            if (classification == (criterion == Criterion.MSE)) {
                throw new OptionsException("forest setting 'criterion': " + criterion.name().toLowerCase(Locale.ROOT)
                        + " does not suit " + (classification ? "classification (use gini or entropy)" : "regression (use mse)"));
            }
            return criterion;
        }
    }


    public ForestLearner(Options options, long seed) {
        super(ForestFamily.NAME, options, seed);
    }

    @Override
    public ForestModel fit(Dataset data) {
        if (data.size() == 0) {
            throw new DataException("a forest needs at least one training row, got 0");
        }
        options.resolve(data.schema().isClassification());
        Magnitudes.requireSafe(data, family());
        Provenance provenance = Provenance.of(family(), settings(), seed, data.fingerprint(), data.size());
        return ForestModel.train(provenance, options, seed, new TrainingRecords(data));
    }
}
