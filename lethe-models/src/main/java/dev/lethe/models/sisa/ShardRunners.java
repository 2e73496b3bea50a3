package dev.lethe.models.sisa;

import dev.lethe.model.OptionsException;
import dev.lethe.model.Plugins;
import java.util.List;

/** The shard runners on the class path, found once (see {@link Plugins}) and shared. */
public final class ShardRunners {

    private static final Plugins<ShardRunner> RUNNERS = new Plugins<>(ShardRunner.class, ShardRunner::name);

    private ShardRunners() {
    }

    public static List<String> names() {
        return RUNNERS.names();
    }

    /** @throws OptionsException naming the known runners when none is called {@code name} */
    public static ShardRunner byName(String name) {
        return RUNNERS.find(name).orElseThrow(() -> new OptionsException("sisa setting 'runner': unknown shard runner '"
                + name + "'; known: " + names()));
    }
}
