package dev.lethe.spark.logistic;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.Learner;
import dev.lethe.model.LetheException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.RefusedException;
import dev.lethe.spark.lake.LakeDataset;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a {@link LakeLogisticModel} on a lake table ({@link #fitLake}); setting {@code lambda}, the
 * per-row L2 weight (default 0.01, as {@link DecrementalLogistic} takes it). The label must have two
 * classes; the second in the schema's order is the positive one. It has no in-memory {@link #fit}: the
 * rows live in the lake.
 */
public final class LakeLogisticLearner implements Learner<LakeLogisticModel> {

    static final String LAMBDA = "lambda";

    private final double lambda;
    private final long seed;

    public LakeLogisticLearner(Map<String, String> settings, long seed) {
        for (String k : settings.keySet()) {
            if (!k.equals(LAMBDA)) {
                throw new OptionsException(LakeLogisticFamily.NAME + ": unknown setting " + LetheException.quote(k)
                        + "; it takes " + LAMBDA);
            }
        }
        String value = settings.getOrDefault(LAMBDA, "0.01");
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new OptionsException(LakeLogisticFamily.NAME + " setting " + LAMBDA + ": expected a number, got "
                    + LetheException.quote(value));
        }
        if (!(parsed > 0) || Double.isInfinite(parsed)) {
            throw new OptionsException(LakeLogisticFamily.NAME + " setting " + LAMBDA + ": expected a finite number > 0, got "
                    + LetheException.quote(value));
        }
        this.lambda = parsed;
        this.seed = seed;
    }

    @Override
    public String family() {
        return LakeLogisticFamily.NAME;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of(LAMBDA, Double.toString(lambda));
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public LakeLogisticModel fit(Dataset data) {
        throw new RefusedException(LakeLogisticFamily.NAME + " trains on a lake table; use 'lethe spark train'");
    }

    /** Trains on {@code table} by Newton iterations, each one aggregation; {@code schema} names the columns. */
    public LakeLogisticModel fitLake(SparkSession spark, String table, Schema schema) {
        if (!schema.isClassification() || schema.target().levels().size() != 2) {
            throw new OptionsException(LakeLogisticFamily.NAME + " needs a label with two classes, and '"
                    + schema.target().name() + "' has " + (schema.isClassification()
                    ? schema.target().levels().size() + " classes" : "numeric values"));
        }
        List<String> features = schema.features().stream().map(a -> a.name()).toList();
        DecrementalLogistic fitted = DecrementalLogistic.fit(spark, LakeDataset.open(spark, table), features,
                schema.target().name(), schema.target().levels().get(1), lambda);
        Provenance p = Provenance.of(family(), settings(), seed, "rows:" + fitted.rows(),
                (int) Math.min(Integer.MAX_VALUE, fitted.rows()));
        return new LakeLogisticModel(schema, p, table, fitted);
    }
}
