package dev.lethe.model;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The plug-ins of one kind on the class path (model families, shard runners), found once with
 * {@link ServiceLoader} on first use and then shared: every call, from any thread, sees the same
 * instances, sorted by name. Loading is lazy and thread-safe (double-checked on a volatile field).
 */
public final class Plugins<T> {

    private final Class<T> type;
    private final Function<T, String> name;
    private volatile List<T> all;

    public Plugins(Class<T> type, Function<T, String> name) {
        this.type = type;
        this.name = name;
    }

    public List<T> all() {
        List<T> loaded = all;
        if (loaded == null) {
            synchronized (this) {
                if (all == null) {
                    TreeMap<String, T> byName = new TreeMap<>();
                    for (T plugin : ServiceLoader.load(type, type.getClassLoader())) {
                        byName.put(name.apply(plugin), plugin);
                    }
                    all = List.copyOf(byName.values());
                }
                loaded = all;
            }
        }
        return loaded;
    }

    public List<String> names() {
        return all().stream().map(name).toList();
    }

    /** The plug-in called {@code wanted}, if there is one. */
    public Optional<T> find(String wanted) {
        return all().stream().filter(p -> name.apply(p).equals(wanted)).findFirst();
    }
}
