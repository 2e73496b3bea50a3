package dev.lethe.model;

import java.util.List;

/**
 * The registry of model families on the class path, found once (see {@link Plugins}) and then
 * shared: the same {@link ModelFamily} instance for every call, from any thread.
 */
public final class ModelFamilies {

    private static final Plugins<ModelFamily> FAMILIES = new Plugins<>(ModelFamily.class, ModelFamily::name);

    private ModelFamilies() {
    }

    public static List<ModelFamily> all() {
        return FAMILIES.all();
    }

    public static List<String> names() {
        return FAMILIES.names();
    }

    /** Whether the family called {@code name} is known and keeps its seed secret ({@link ModelFamily#seedIsSecret()}). */
    public static boolean seedIsSecret(String name) {
        return names().contains(name) && byName(name).seedIsSecret();
    }

    /**
     * The seed to train the family called {@code name} with ({@link ModelFamily#seedFor}); for an unknown
     * name, {@code given} or {@code usual}, leaving the unknown family to be reported where it is trained.
     */
    public static long seedFor(String name, java.util.OptionalLong given, long usual) {
        return names().contains(name) ? byName(name).seedFor(given, usual) : given.orElse(usual);
    }

    /** @throws OptionsException naming the known families when none is called {@code name} */
    public static ModelFamily byName(String name) {
        return FAMILIES.find(name)
                .orElseThrow(() -> new OptionsException("unknown model family '" + name + "'; known: " + names()));
    }
}
