package dev.lethe.spark.stats;

import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/** The family plug-ins {@value #NB} and {@value #RIDGE}: {@link LakeStatisticsModel}s, models of lake datasets. */
public abstract class LakeStatisticsFamily implements ModelFamily {

    public static final String NB = "lake-nb";
    public static final String RIDGE = "lake-ridge";

    @Override
    public Learner<?> learner(Map<String, String> settings, long seed) {
        return new LakeStatisticsLearner(name(), settings, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        return LakeStatisticsModel.read(name(), in);
    }

    @Override
    public double exactnessTolerance() {
        return 1e-6; // partial sums merged in another order than the oracle's
    }

    /** Gaussian naive Bayes on a lake dataset. */
    public static final class NaiveBayes extends LakeStatisticsFamily {
        @Override
        public String name() {
            return NB;
        }

        @Override
        public String description() {
            return "Gaussian naive Bayes on a lake dataset by distributed sufficient statistics (exact, decremental)";
        }
    }

    /** Ridge regression on a lake dataset. */
    public static final class Ridge extends LakeStatisticsFamily {
        @Override
        public String name() {
            return RIDGE;
        }

        @Override
        public String description() {
            return "ridge regression on a lake dataset by distributed sufficient statistics (exact, decremental)";
        }
    }
}
