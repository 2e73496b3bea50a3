package dev.lethe.spark.home;

import dev.lethe.models.sisa.ShardFile;
import dev.lethe.models.sisa.ShardFileSystem;
import dev.lethe.models.sisa.ShardFiles;
import dev.lethe.models.sisa.SisaFamily;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import dev.lethe.store.VersionInfo;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

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

    /** As {@link #sweep(Registry)}, also sweeping {@code moreDirs} (a model's that failed to be stored, say). */
    public static int sweep(Registry registry, Collection<String> moreDirs) {
        Set<String> dirs = new LinkedHashSet<>(moreDirs);
        Set<String> referenced = new HashSet<>();
        for (ModelInfo m : registry.models().list()) {
            String dir = m.settings().get("shardsAt");
            if (!m.family().equals(SisaFamily.NAME) || dir == null) {
                continue;
            }
            dirs.add(dir);
            for (VersionInfo v : registry.models().versions(m.name())) {
                if (!v.isPurged()) {
                    for (ShardFile f : ShardFiles.referencedBy(registry.models().artifact(m.name(), v.version()))) {
                        referenced.add(f.path());
                    }
                }
            }
        }
        if (dirs.isEmpty()) {
            return 0;
        }
        ShardFileSystem fs = ShardFileSystem.get();
        int deleted = 0;
        for (String dir : dirs) {
            for (String path : fs.list(dir)) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (ShardFiles.NAME.matcher(name).matches() && !referenced.contains(path) && fs.delete(path)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
