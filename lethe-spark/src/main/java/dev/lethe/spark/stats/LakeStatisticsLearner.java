package dev.lethe.spark.stats;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.Learner;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a {@link LakeStatisticsModel}: over a lake table by one {@code treeAggregate}
 * ({@link #fitLake}), or over an in-memory {@link Dataset} ({@link #fit}, the retrain oracle the
 * exactness checks compare with). Setting: {@code varSmoothing} (nb, default 1e-9) or
 * {@code lambda} (ridge, default 1).
 */
public final class LakeStatisticsLearner implements Learner<LakeStatisticsModel> {

    private final String family;
    private final double setting;
    private final long seed;

    public LakeStatisticsLearner(String family, Map<String, String> settings, long seed) {
        this.family = family;
        String key = settingName(family);
        for (String k : settings.keySet()) {
            if (!k.equals(key)) {
                throw new OptionsException(family + ": unknown setting " + dev.lethe.model.LetheException.quote(k)
                        + "; it takes " + key);
            }
        }
        String value = settings.getOrDefault(key, LakeStatisticsFamily.NB.equals(family) ? "1e-9" : "1");
        try {
            this.setting = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new OptionsException(family + " setting " + key + ": expected a number, got "
                    + dev.lethe.model.LetheException.quote(value));
        }
        if (!(setting >= 0) || Double.isInfinite(setting)) {
            throw new OptionsException(family + " setting " + key + ": expected a finite number ≥ 0, got " + value);
        }
        this.seed = seed;
    }

    static String settingName(String family) {
        return LakeStatisticsFamily.NB.equals(family) ? "varSmoothing" : "lambda";
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of(settingName(family), Double.toString(setting));
    }

    @Override
    public long seed() {
        return seed;
    }

    /** Trains on the rows of {@code data} (numeric features). */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public LakeStatisticsModel fit(Dataset data) {
        Schema schema = data.schema();
        SufficientStatistics stats = zero(schema);
        double[] x = new double[schema.numFeatures()];
        for (int i = 0; i < data.size(); i++) {
            Object label = schema.isClassification() ? schema.target().levels().get((int) data.target(i)) : data.target(i);
            stats.add(data.copyRow(i, x), label);
        }
        return model(schema, "memory:" + data.size() + " rows", stats);
    }

    /** Trains on a lake table by one distributed aggregation; {@code schema} names the feature and label columns. */
    public LakeStatisticsModel fitLake(SparkSession spark, String table, Schema schema) {
        List<String> features = schema.features().stream().map(a -> a.name()).toList();
        org.apache.spark.sql.Dataset<Row> rows = spark.read().format("delta").load(table)
                .select(DecrementalSparkModel.columns(features, schema.target().name()));
        return model(schema, table, DecrementalSparkModel.aggregate(rows, zero(schema), features.size()));
    }

    private SufficientStatistics<?> zero(Schema schema) {
        boolean nb = LakeStatisticsFamily.NB.equals(family);
        if (nb != schema.isClassification()) {
            throw new OptionsException(family + " needs a " + (nb ? "class" : "numeric") + " label, and '"
                    + schema.target().name() + "' is " + (nb ? "numeric" : "a class"));
        }
        return nb ? new NaiveBayesStatistics(schema.target().levels(), schema.numFeatures())
                : new RidgeStatistics(schema.numFeatures());
    }

    private LakeStatisticsModel model(Schema schema, String table, SufficientStatistics<?> stats) {
        Provenance p = Provenance.of(family, settings(), seed, "rows:" + stats.rows(), (int) Math.min(Integer.MAX_VALUE, stats.rows()));
        return new LakeStatisticsModel(family, schema, p, table, setting, stats, Set.of());
    }

    static SufficientStatistics<?> empty(SufficientStatistics<?> like, int d) {
        return like instanceof NaiveBayesStatistics nb ? new NaiveBayesStatistics(nb.classes(), d) : new RidgeStatistics(d);
    }
}
