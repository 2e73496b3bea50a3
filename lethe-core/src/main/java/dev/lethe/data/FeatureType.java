package dev.lethe.data;

/** How a column's values are to be read: as numbers, or as levels of a fixed dictionary. */
public enum FeatureType {
    NUMERIC,
    CATEGORICAL
}
