package dev.lethe.models.sisa;

import dev.lethe.model.Plugins;
import dev.lethe.model.UnavailableException;
import java.util.List;

/**
 * Where SISA keeps its shards as files when the sisa setting {@code shardsAt} names a directory URI:
 * a plug-in found with {@link java.util.ServiceLoader} (register in
 * {@code META-INF/services/dev.lethe.models.sisa.ShardFileSystem}), so that lethe-models depends on
 * no file-system library; lethe-spark's resolves URIs through Hadoop's {@code FileSystem} (local,
 * HDFS, S3A). Paths are the plug-in's fully qualified strings.
 */
public interface ShardFileSystem {

    /** Every shard file system on the class path. */
    Plugins<ShardFileSystem> ALL = new Plugins<>(ShardFileSystem.class, ShardFileSystem::name);

    /** The shard file system on the class path (the first by name). */
    static ShardFileSystem get() {
        return ALL.all().stream().findFirst().orElseThrow(() -> new UnavailableException(
                "sisa setting 'shardsAt' needs a shard file system on the class path (lethe-spark: run ./lethe spark …)"));
    }

    String name();

    /**
     * Writes {@code bytes} as {@code dir/name}, first under a temporary name that is then renamed, so a
     * reader never sees half a file; keeps a file already there with these bytes (names carry their
     * content's digest, so another version may have written it). Returns the file's qualified path.
     */
    String write(String dir, String name, byte[] bytes);

    /** @throws dev.lethe.model.NotFoundException when there is no file at {@code path} */
    byte[] read(String path);

    /** Deletes the file at {@code path}; false when there was none. */
    boolean delete(String path);

    /** The qualified paths of the files directly in {@code dir}; empty when it does not exist. */
    List<String> list(String dir);

    /**
     * Checks that files can be created in {@code dir} (making it if needed), leaving nothing behind.
     *
     * @throws dev.lethe.model.OptionsException naming the directory and why not
     */
    void checkWritable(String dir);
}
