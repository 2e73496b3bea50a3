package dev.lethe.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One named column. Categorical columns carry their dictionary of levels; a value is stored as
 * the level's index.
 *
 * <p>A model's dictionary holds only the levels its remaining records use: a level whose last
 * record was forgotten is <em>tombstoned</em> ({@code null} in {@link #levels()}), so indices stay
 * stable while the value itself is gone, and the model knows exactly the values a model retrained
 * on the remaining records would (see {@code LevelUsage}). A tombstoned level is unknown to
 * {@link #levelIndex} and {@link #levelIndexMap}, so reading a value that was forgotten fails as
 * for any value the model never saw.
 */
public record Attribute(String name, FeatureType type, List<String> levels) {

    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        levels = levels == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(levels));
        if (type == FeatureType.NUMERIC && !levels.isEmpty()) {
            throw new DataException("numeric attribute '" + name + "' cannot have levels");
        }
        List<String> live = levels.stream().filter(Objects::nonNull).toList();
        if (type == FeatureType.CATEGORICAL && live.size() != live.stream().distinct().count()) {
            throw new DataException("categorical attribute '" + name + "' has duplicate levels");
        }
    }

    /** How {@link #format} renders a tombstoned level: the value itself is gone. */
    public static final String FORGOTTEN_LEVEL = "(forgotten)";

    public static Attribute numeric(String name) {
        return new Attribute(name, FeatureType.NUMERIC, List.of());
    }

    public static Attribute categorical(String name, List<String> levels) {
        return new Attribute(name, FeatureType.CATEGORICAL, levels);
    }

    public boolean isCategorical() {
        return type == FeatureType.CATEGORICAL;
    }

    /** The size of the index space: live and tombstoned levels. */
    public int numLevels() {
        return levels.size();
    }

    /** Whether level {@code index} still has a value (is not tombstoned). */
    public boolean isLive(int index) {
        return levels.get(index) != null;
    }

    /** How many levels are not tombstoned. */
    public int numLiveLevels() {
        int n = 0;
        for (String level : levels) {
            n += level == null ? 0 : 1;
        }
        return n;
    }

    /** The levels that are not tombstoned, in index order. */
    public List<String> liveLevels() {
        return levels.stream().filter(Objects::nonNull).toList();
    }

    /** This attribute with the levels {@code unused} selects tombstoned; the same object when none changes. */
    public Attribute withoutLevels(java.util.function.IntPredicate unused) {
        List<String> kept = new ArrayList<>(levels);
        boolean changed = false;
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i) != null && unused.test(i)) {
                kept.set(i, null);
                changed = true;
            }
        }
        return changed ? new Attribute(name, type, kept) : this;
    }

    /**
     * Whether data described by {@code other} can feed a model described by this attribute: same name,
     * type and index space, and the same value wherever both still hold one.
     */
    public boolean accepts(Attribute other) {
        if (!name.equals(other.name) || type != other.type || levels.size() != other.levels.size()) {
            return false;
        }
        for (int i = 0; i < levels.size(); i++) {
            String mine = levels.get(i);
            String theirs = other.levels.get(i);
            if (mine != null && theirs != null && !mine.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    /** The index of a level, or -1 when the dictionary does not hold it (tombstoned levels included). */
    public int levelIndex(String level) {
        return level == null ? -1 : levels.indexOf(level);
    }

    /** A lookup table from live level to index, for readers that map many values. */
    public Map<String, Integer> levelIndexMap() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i) != null) {
                map.put(levels.get(i), i);
            }
        }
        return map;
    }

    /** Renders a stored value the way it was read: the level for categoricals, the number otherwise. */
    public String format(double value) {
        if (type == FeatureType.CATEGORICAL) {
            String level = levels.get((int) value);
            return level != null ? level : FORGOTTEN_LEVEL;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
