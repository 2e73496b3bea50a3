package dev.lethe.spark.home;

import dev.lethe.engine.ErasureTarget;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.Registry;
import java.util.Map;

/**
 * The workflow's erase step for SISA shard files kept outside the registry ({@code shardsAt}): an
 * engine {@link ErasureTarget} that the worker calls once per batch after it purged the versions the
 * batch superseded, deleting the files they alone referred to ({@link ShardFileSweep}). It reports
 * nothing per request: the model receipts already say which shards were retrained.
 */
public final class ShardFileTarget implements ErasureTarget {

    public static final String NAME = "sisa-shard-files";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Erased> erase(Registry registry, long batch, Map<String, ForgetRequest> requests) {
        ShardFileSweep.sweep(registry);
        return Map.of();
    }
}
