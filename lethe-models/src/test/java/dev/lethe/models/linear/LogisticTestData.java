package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Transforms;
import dev.lethe.testing.RepositoryData;
import java.util.List;

/**
 * Real data for the logistic tests, read once per JVM from the repository's {@code data/}:
 * <ul>
 *   <li>Spam (UCI Spambase via kernlab, label {@code type}): every feature transformed by log(1 + x)
 *       and then z-scored with the mean and standard deviation of all 4,601 rows (the raw columns
 *       are heavy-tailed and span 0 to 15,841; a few extreme records would dominate the design's
 *       spectral norm and every removal bound);</li>
 *   <li>MNIST digits 3 and 8 (classes "3", "8"): pixels divided by 255 so they lie in [0, 1]; a prefix
 *       of the training images (in file order) and of the test images keeps the suite fast.</li>
 * </ul>
 */
final class LogisticTestData {

    private static Dataset spam;
    private static Dataset mnistTrain;
    private static Dataset mnistTest;

    private LogisticTestData() {
    }

    /**
     * The options these tests were written for: the defaults before the model prepared its own
     * features (λ = 1e-3, σ = 1, tight bound, values as they are), for data prepared here.
     */
    static LogisticLearner.Options rawDefaults() {
        return LogisticLearner.Options.defaults().withLambda(1e-3).withSigma(1).withBound(LogisticLearner.Bound.TIGHT)
                .withPrepare(LogisticLearner.Preparation.NONE);
    }

    static synchronized Dataset spam() {
        if (spam == null) {
            Dataset raw = RepositoryData.read("kernlab_spam.csv.gz", ReadOptions.label("type"));
            spam = Transforms.log1pStandardised(raw);
        }
        return spam;
    }

    /** The first {@code limit} training images of digits 3 and 8. */
    static synchronized Dataset mnistTrain(int limit) {
        if (mnistTrain == null) {
            mnistTrain = threeVersusEight(IdxReader.read(RepositoryData.path("mnist")).dataset());
        }
        return prefix(mnistTrain, limit);
    }

    static synchronized Dataset mnistTest(int limit) {
        if (mnistTest == null) {
            mnistTest = threeVersusEight(IdxReader.readTestSplit(RepositoryData.path("mnist")));
        }
        return prefix(mnistTest, limit);
    }

    private static Dataset prefix(Dataset d, int limit) {
        int n = Math.min(limit, d.size());
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return d.select(rows);
    }

    /** Keeps digits 3 and 8 as a binary dataset with classes "3" and "8", pixels scaled to [0, 1]. */
    static Dataset threeVersusEight(Dataset digits) {
        return Transforms.divided(Transforms.onlyClasses(digits, List.of("3", "8")), 255.0);
    }
}
