package dev.lethe.spark.logistic;

import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The family plug-in {@value #NAME}: a {@link LakeLogisticModel}, binary logistic regression of a
 * home's lake dataset trained by distributed aggregation of its gradient and Hessian
 * ({@link DecrementalLogistic}); forgets by Guo et al.'s Newton removal step, so approximately.
 */
public final class LakeLogisticFamily implements ModelFamily {

    public static final String NAME = "lake-logistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "binary logistic regression on a lake dataset by distributed gradient and Hessian (Newton removal step, "
                + "approximate)";
    }

    @Override
    public Learner<?> learner(Map<String, String> settings, long seed) {
        return new LakeLogisticLearner(settings, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        return LakeLogisticModel.read(in);
    }
}
