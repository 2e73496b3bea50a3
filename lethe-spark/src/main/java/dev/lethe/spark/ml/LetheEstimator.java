package dev.lethe.spark.ml;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.SisaFamily;
import dev.lethe.spark.frame.FrameDatasets;
import dev.lethe.spark.sisa.HadoopShardFiles;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Estimator} that trains any Lethe family (nb, ridge, logistic, forest, sisa, …)
 * on a DataFrame with record IDs and subjects, giving a {@link LetheModel} that can later forget.
 * The rows are collected to the driver in record-ID order and trained there, so the model equals
 * the one {@code lethe train} fits on the same rows with the same seed; for SISA set
 * {@code runner=spark} to train the shards as Spark tasks.
 */
public final class LetheEstimator extends Estimator<LetheModel> implements LetheParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final LetheParams.Set params;

    public LetheEstimator() {
        this(Identifiable$.MODULE$.randomUID("lethe"));
    }

    public LetheEstimator(String uid) {
        this.uid = uid;
        this.params = new LetheParams.Set(this);
        params.defaults(this);
    }

    @Override
    public LetheParams.Set letheParams() {
        return params;
    }

    public LetheEstimator setFamily(String v) {
        set(params.family, v);
        return this;
    }

    public LetheEstimator setSettings(String v) {
        set(params.settings, v);
        return this;
    }

    public LetheEstimator setSeed(long v) {
        set(params.seed, v);
        return this;
    }

    public LetheEstimator setLabelCol(String v) {
        set(params.labelCol, v);
        return this;
    }

    public LetheEstimator setIdCol(String v) {
        set(params.idCol, v);
        return this;
    }

    public LetheEstimator setSubjectCol(String v) {
        set(params.subjectCol, v);
        return this;
    }

    public LetheEstimator setFeaturesCols(String... v) {
        set(params.featuresCols, v);
        return this;
    }

    /** sisa: keep each shard as a file under this directory URI (one directory per model), written when fitted. */
    public LetheEstimator setShardsAt(String v) {
        set(params.shardsAt, v);
        return this;
    }

    @Override
    public LetheModel fit(org.apache.spark.sql.Dataset<?> frame) {
        Dataset data = FrameDatasets.toDataset(frame.toDF(), Arrays.asList(getOrDefault(params.featuresCols)),
                getOrDefault(params.labelCol), getOrDefault(params.idCol), getOrDefault(params.subjectCol));
        Map<String, String> settings = settingsMap();
        String family = getOrDefault(params.family);
        String shardsAt = getOrDefault(params.shardsAt);
        if (!shardsAt.isEmpty()) {
            if (!family.equals(SisaFamily.NAME)) {
                throw new OptionsException("param 'shardsAt' applies to family sisa, got family " + LetheException.quote(family));
            }
            settings.put("shardsAt", HadoopShardFiles.usable("param 'shardsAt'", shardsAt));
        }
        Learner<?> learner = ModelFamilies.byName(family).learner(settings, (Long) getOrDefault(params.seed));
        UnlearnableModel model = learner.fit(data);
        if (!shardsAt.isEmpty()) {
            ModelFile.toBytes(model); // writes the shard files now, so the fitted model is kept there
        }
        LetheModel m = new LetheModel(uid, model);
        copyValues(m, extractParamMap());
        return m.setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LetheModel.outputSchema(schema);
    }

    @Override
    public LetheEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public String uid() {
        return uid;
    }

    public static MLReader<LetheEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static LetheEstimator load(String path) {
        return read().load(path);
    }
}
