package dev.lethe.model;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The registry of model families on the class path. */
public final class ModelFamilies {

    private ModelFamilies() {
    }

    public static List<ModelFamily> all() {
        TreeMap<String, ModelFamily> byName = new TreeMap<>();
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class)) {
            byName.put(f.name(), f);
        }
        return List.copyOf(byName.values());
    }

    public static List<String> names() {
        return all().stream().map(ModelFamily::name).toList();
    }

    /** @throws OptionsException naming the known families when none is called {@code name} */
    public static ModelFamily byName(String name) {
        for (ModelFamily f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new OptionsException("unknown model family '" + name + "'; known: " + names());
    }
}
