package dev.lethe.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model came from: its family and settings, the seed, the fingerprint and size of the
 * training data, the Lethe version, the Java runtime it was trained on and the time. {@code source}
 * records how the data was read (file, column roles, missing-value handling and any imputation) so it
 * can be read again the same way. An ensemble lists the provenance of each of its {@code members}
 * (as Tribuo's ensemble provenance does); members are not stored twice in a model file, the ensemble
 * rebuilds the list from its members.
 *
 * <p>Settings and source keep the order they were given in (an unmodifiable insertion-ordered copy),
 * so a provenance prints, and digests, the same way every time.
 */
public record Provenance(String family, Map<String, String> settings, long seed, String dataFingerprint,
                         int trainingRows, String libraryVersion, Instant trainedAt, Map<String, String> source,
                         String javaVersion, List<Provenance> members) {

    /** The Java version of a model file written before Lethe recorded it. */
    public static final String UNKNOWN_JAVA = "unknown";

    public Provenance {
        Objects.requireNonNull(family);
        settings = orderedCopy(settings);
        source = orderedCopy(source);
        javaVersion = javaVersion == null || javaVersion.isBlank() ? UNKNOWN_JAVA : javaVersion;
        members = List.copyOf(members);
    }

    /** A provenance of a single model (no members). */
    public Provenance(String family, Map<String, String> settings, long seed, String dataFingerprint, int trainingRows,
                      String libraryVersion, Instant trainedAt, Map<String, String> source, String javaVersion) {
        this(family, settings, seed, dataFingerprint, trainingRows, libraryVersion, trainedAt, source, javaVersion, List.of());
    }

    private static Map<String, String> orderedCopy(Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, () -> "value of " + k)));
        return Collections.unmodifiableMap(copy);
    }

    public static Provenance of(String family, Map<String, String> settings, long seed, String fingerprint, int rows) {
        return new Provenance(family, settings, seed, fingerprint, rows, Lethe.version(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), Map.of(), Runtime.version().toString());
    }

    public Provenance withSource(Map<String, String> newSource) {
        return new Provenance(family, settings, seed, dataFingerprint, trainingRows, libraryVersion, trainedAt, newSource,
                javaVersion, members);
    }

    /** This provenance listing the given members (an ensemble's constituents, in order). */
    public Provenance withMembers(List<Provenance> newMembers) {
        return new Provenance(family, settings, seed, dataFingerprint, trainingRows, libraryVersion, trainedAt, source,
                javaVersion, newMembers);
    }
}
