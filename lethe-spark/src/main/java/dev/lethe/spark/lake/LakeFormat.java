package dev.lethe.spark.lake;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.util.Locale;

/** The formats {@code lethe spark import} reads; every one ends up as a Delta table. */
public enum LakeFormat {
    DELTA, PARQUET, CSV;

    public static LakeFormat of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--format: expected delta, parquet or csv, got " + LetheException.quote(name));
        }
    }
}
