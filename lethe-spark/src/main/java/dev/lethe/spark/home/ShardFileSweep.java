package dev.lethe.spark.home;

import dev.lethe.models.sisa.ShardFileSystem;
import dev.lethe.models.sisa.ShardFiles;
import dev.lethe.models.sisa.SisaFamily;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelStore;
import dev.lethe.store.Registry;
import dev.lethe.store.VersionInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Deletes the SISA shard files ({@code shardsAt}) that no stored version of a home's models refers to:
 * those of versions the workflow purged (they hold forgotten records), and those a worker wrote before
 * it died without committing their version. The versions a registry keeps are the only references:
 * a payload lists its files ({@link ShardFiles#referencedBy}), so a crash between writing files and
 * committing leaves none referenced, and the next sweep removes them.
 *
 * <p>Only shard files and their temporary files in the directories of the registry's sisa models are
 * considered; a directory must not be shared with models outside the registry (the CLI gives each
 * model its own, {@code <URI>/<model>}).
 */
public final class ShardFileSweep {

    private ShardFileSweep() {
    }

    /** Sweeps the directories of the registry's sisa models; returns how many files it deleted. */
    public static int sweep(Registry registry) {
        return sweep(registry, Set.of());
    }

    /**
     * As {@link #sweep(Registry)}, also sweeping {@code moreDirs} (a model's that failed to be stored, say).
     * Each directory is swept holding the locks of the models that use it ({@link ModelStore#lock}, taken
     * by a worker from reading a model's version to committing its next), so a worker sharing the registry
     * never loses a file it wrote for a version it is about to commit.
     */
    public static int sweep(Registry registry, Collection<String> moreDirs) {
        Map<String, Set<String>> modelsByDir = new TreeMap<>();
        moreDirs.forEach(d -> modelsByDir.put(d, new TreeSet<>()));
        for (ModelInfo m : registry.models().list()) {
            String dir = m.settings().get("shardsAt");
            if (m.family().equals(SisaFamily.NAME) && dir != null) {
                modelsByDir.computeIfAbsent(dir, d -> new TreeSet<>()).add(m.name());
            }
        }
        int deleted = 0;
        for (Map.Entry<String, Set<String>> e : modelsByDir.entrySet()) {
            deleted += sweep(registry, e.getKey(), e.getValue());
        }
        return deleted;
    }

    private static int sweep(Registry registry, String dir, Set<String> models) {
        List<ModelStore.ModelLock> locks = new ArrayList<>();
        try {
            for (String name : models) { // in name order, so two sweepers never wait on each other
                locks.add(registry.models().lock(name));
            }
            Set<String> referenced = new HashSet<>();
            for (String name : models) {
                for (VersionInfo v : registry.models().versions(name)) {
                    if (!v.isPurged()) {
                        ShardFiles.referencedBy(registry.models().artifact(name, v.version())).forEach(f -> referenced.add(f.path()));
                    }
                }
            }
            ShardFileSystem fs = ShardFileSystem.get();
            int deleted = 0;
            for (String path : fs.list(dir)) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (ShardFiles.NAME.matcher(name).matches() && !referenced.contains(path) && fs.delete(path)) {
                    deleted++;
                }
            }
            return deleted;
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).close();
            }
        }
    }
}
