package dev.lethe.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model came from: its family and settings, the seed, the fingerprint and size of the
 * training data, the Lethe version and the time. {@code source} records how the data was read
 * (file, column roles, missing-value handling and any imputation) so it can be read again the same way.
 */
public record Provenance(String family, Map<String, String> settings, long seed, String dataFingerprint,
                         int trainingRows, String libraryVersion, Instant trainedAt, Map<String, String> source) {

    public Provenance {
        Objects.requireNonNull(family);
        settings = Map.copyOf(settings);
        source = Map.copyOf(source);
    }

    public static Provenance of(String family, Map<String, String> settings, long seed, String fingerprint, int rows) {
        return new Provenance(family, settings, seed, fingerprint, rows, Lethe.version(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), Map.of());
    }

    public Provenance withSource(Map<String, String> newSource) {
        return new Provenance(family, settings, seed, dataFingerprint, trainingRows, libraryVersion, trainedAt,
                new LinkedHashMap<>(newSource));
    }
}
