package dev.lethe.models.sisa;

import dev.lethe.model.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ShardFileSystem} in memory, for tests of lethe-models (lethe-spark's is Hadoop's). */
public final class MemoryShardFiles implements ShardFileSystem {

    static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    static final AtomicInteger WRITES = new AtomicInteger();

    @Override
    public String name() {
        return "test-memory";
    }

    @Override
    public String write(String dir, String name, byte[] bytes) {
        String path = dir + "/" + name;
        if (FILES.putIfAbsent(path, bytes.clone()) == null) {
            WRITES.incrementAndGet();
        }
        return path;
    }

    @Override
    public byte[] read(String path) {
        byte[] b = FILES.get(path);
        if (b == null) {
            throw new NotFoundException("no file " + path);
        }
        return b.clone();
    }

    @Override
    public boolean delete(String path) {
        return FILES.remove(path) != null;
    }

    @Override
    public List<String> list(String dir) {
        return FILES.keySet().stream().filter(p -> p.startsWith(dir + "/")).sorted().toList();
    }

    @Override
    public void checkWritable(String dir) {
    }
}
