package dev.lethe.spark.home;

import dev.lethe.engine.Catalog;
import dev.lethe.engine.ErasureTarget;
import dev.lethe.model.ConflictException;
import dev.lethe.model.LetheException;
import dev.lethe.model.OptionsException;
import dev.lethe.models.sisa.SisaFamily;
import dev.lethe.spark.sisa.HadoopShardFiles;
import dev.lethe.spark.sisa.SparkShardRunner;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * SISA models of a home's dataset trained with their shards as Spark tasks ({@code runner=spark} unless
 * set otherwise) and, given a base URI, kept as shard files under {@code <URI>/<model>} ({@code shardsAt}):
 * the registry's version then holds each shard's path and SHA-256 instead of its state.
 */
public final class SisaHomeModels {

    private SisaHomeModels() {
    }

    /**
     * Trains and registers model {@code name}; on failure the registry and the shard directory are left as
     * they were (files already written are deleted).
     *
     * @param shardsAt the base URI of the shard files, or null to keep the shards in the registry's payload
     */
    public static ModelInfo train(Registry registry, String name, String dataset, Map<String, String> settings,
                                  String shardsAt, long seed) {
        DatasetInfo info = registry.datasets().get(dataset);
        if (ErasureTarget.kindOf(info) != null) {
            throw new OptionsException("sisa trains on a dataset stored in the home; " + LetheException.quote(dataset)
                    + " is a lake dataset (train lake-nb, lake-ridge or lake-logistic on it)");
        }
        if (registry.models().find(name).isPresent()) {
            throw new ConflictException("model " + LetheException.quote(name) + " already exists");
        }
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.putIfAbsent("runner", SparkShardRunner.NAME);
        String dir = null;
        if (shardsAt != null) {
            dir = new Path(HadoopShardFiles.usable("--shards-at", shardsAt), name).toString();
            s.put("shardsAt", dir);
        }
        try {
            return new Catalog(registry).train(new Catalog.TrainSpec(name, dataset, SisaFamily.NAME, s, seed, 0, 0));
        } catch (RuntimeException e) {
            if (dir != null) {
                ShardFileSweep.sweep(registry, List.of(dir));
            }
            throw e;
        }
    }
}
