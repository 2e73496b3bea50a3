package dev.lethe.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One named column. Categorical columns carry their dictionary of levels; a value is stored as
 * the level's index. The dictionary belongs to the schema, not to the rows, so a level that no
 * remaining row uses is still known (this is what makes forgetting and retraining agree).
 */
public record Attribute(String name, FeatureType type, List<String> levels) {

    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        levels = levels == null ? List.of() : List.copyOf(levels);
        if (type == FeatureType.NUMERIC && !levels.isEmpty()) {
            throw new DataException("numeric attribute '" + name + "' cannot have levels");
        }
        if (type == FeatureType.CATEGORICAL && levels.size() != levels.stream().distinct().count()) {
            throw new DataException("categorical attribute '" + name + "' has duplicate levels");
        }
    }

    public static Attribute numeric(String name) {
        return new Attribute(name, FeatureType.NUMERIC, List.of());
    }

    public static Attribute categorical(String name, List<String> levels) {
        return new Attribute(name, FeatureType.CATEGORICAL, levels);
    }

    public boolean isCategorical() {
        return type == FeatureType.CATEGORICAL;
    }

    public int numLevels() {
        return levels.size();
    }

    /** The index of a level, or -1 when the dictionary does not hold it. */
    public int levelIndex(String level) {
        return levels.indexOf(level);
    }

    /** A lookup table from level to index, for readers that map many values. */
    public Map<String, Integer> levelIndexMap() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            map.put(levels.get(i), i);
        }
        return map;
    }

    /** Renders a stored value the way it was read: the level for categoricals, the number otherwise. */
    public String format(double value) {
        if (type == FeatureType.CATEGORICAL) {
            return levels.get((int) value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
