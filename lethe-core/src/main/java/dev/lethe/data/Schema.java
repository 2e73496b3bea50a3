package dev.lethe.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The features of a dataset and its target. For classification the target is categorical and
 * its levels are the classes; for regression it is numeric.
 */
public record Schema(List<Attribute> features, Attribute target, Task task) {

    public Schema {
        features = List.copyOf(features);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(task, "task");
        if (task == Task.CLASSIFICATION && !target.isCategorical()) {
            throw new DataException("classification target '" + target.name() + "' must be categorical");
        }
        if (task == Task.REGRESSION && target.isCategorical()) {
            throw new DataException("regression target '" + target.name() + "' must be numeric");
        }
        long distinct = features.stream().map(Attribute::name).distinct().count();
        if (distinct != features.size()) {
            throw new DataException("duplicate feature names in " + features.stream().map(Attribute::name).toList());
        }
    }

    public int numFeatures() {
        return features.size();
    }

    public Attribute feature(int index) {
        return features.get(index);
    }

    /** The index of a feature, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean isClassification() {
        return task == Task.CLASSIFICATION;
    }

    public int numClasses() {
        return isClassification() ? target.numLevels() : 0;
    }

    /**
     * The name of each class index; a tombstoned class (one no remaining record has, see
     * {@link Attribute}) reads {@value Attribute#FORGOTTEN_LEVEL}.
     */
    public List<String> classes() {
        return target.levels().stream().map(c -> c == null ? Attribute.FORGOTTEN_LEVEL : c).toList();
    }

    public List<String> featureNames() {
        return features.stream().map(Attribute::name).toList();
    }

    /** This schema without the named features (which must exist). */
    public Schema without(Collection<String> names) {
        List<Attribute> kept = new ArrayList<>();
        for (Attribute a : features) {
            if (!names.contains(a.name())) {
                kept.add(a);
            }
        }
        return new Schema(kept, target, task);
    }
}
