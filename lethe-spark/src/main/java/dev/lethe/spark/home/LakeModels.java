package dev.lethe.spark.home;

import dev.lethe.model.Learner;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.spark.logistic.LakeLogisticLearner;
import dev.lethe.spark.stats.LakeRowSource;
import dev.lethe.spark.stats.LakeTableModel;
import dev.lethe.spark.stats.LakeStatisticsLearner;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelStore;
import dev.lethe.store.NewVersion;
import dev.lethe.store.Registry;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Trains lake models ({@code lake-nb}, {@code lake-ridge}, {@code lake-logistic}) on a home's lake dataset and stores them
 * as registry models like any other. Their versions hold no record IDs (the rows stay in the lake),
 * so the worker's apply step passes them by; the lake's erase step ({@link LakeErasureTarget}) makes
 * them forget.
 */
public final class LakeModels {

    private LakeModels() {
    }

    /**
     * @param label the label column, or null for the one the dataset was registered with (a ridge model of a
     *              classification dataset names a numeric column; the features are then the other numeric columns)
     */
    public static ModelInfo train(Registry registry, SparkSession spark, String modelName, String lakeName, String family,
                                  String label, Map<String, String> settings, long seed) {
        HomeLake lake = LakeHomes.get(registry, lakeName);
        Learner<?> learner = ModelFamilies.byName(family).learner(settings, seed);
        dev.lethe.data.Schema schema = label == null || label.equals(lake.dataset().schema().target().name())
                ? lake.dataset().schema()
                : LakeHomes.schema(spark, dev.lethe.spark.lake.LakeDataset.open(spark, lake.table()), label);
        UnlearnableModel model;
        if (learner instanceof LakeStatisticsLearner l) {
            model = l.fitLake(spark, lake.table(), schema);
        } else if (learner instanceof LakeLogisticLearner l) {
            model = l.fitLake(spark, lake.table(), schema);
        } else {
            throw new OptionsException("family " + LetheException.quote(family) + " is not a lake family; "
                    + "lake datasets train lake-nb, lake-ridge or lake-logistic");
        }
        model.recordSource(Map.of("dataset", lake.name()));
        return registry.models().create(modelName, family, lake.dataset().id(), learner.settings(), seed, null, null, null,
                new NewVersion(ModelStore.encode(model), model.stateDigest(), Lineage.empty(), "trained", null));
    }

    /** {@code model}, a lake model, bound to {@code rows} so that its forgets read the lake through them. */
    static UnlearnableModel withRows(UnlearnableModel model, LakeRowSource rows) {
        if (model instanceof LakeTableModel<?> m) {
            return m.withRows(rows);
        }
        throw new dev.lethe.model.InternalException("model of family " + model.family() + " is not a lake model");
    }

    /** Whether a registry model is a lake model of {@code lake}. */
    static boolean of(ModelInfo m, HomeLake lake) {
        return m.datasetId() == lake.dataset().id() && m.family().startsWith("lake-");
    }
}
