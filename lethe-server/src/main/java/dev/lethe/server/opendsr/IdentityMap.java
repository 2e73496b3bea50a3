package dev.lethe.server.opendsr;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which OpenDSR identity types (section 5.1) each dataset's subject column holds: a customer ID of
 * the controller, an e-mail address, or both. Kept in the home's {@value #FILE}, one line per dataset
 * ({@code instEval=controller_customer_id}, {@code customers=email}) and {@code *} for every other
 * dataset; without the file every dataset's subject column holds {@code controller_customer_id}.
 */
public final class IdentityMap {

    public static final String FILE = "opendsr-identities.properties";

    /** The identity types a subject column can hold. */
    public static final List<String> SUPPORTED_TYPES = List.of("controller_customer_id", "email");

    private static final String ANY_DATASET = "*";

    private final Map<String, Set<String>> byDataset;

    public IdentityMap(Map<String, Set<String>> byDataset) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        byDataset.forEach((dataset, types) -> {
            for (String type : types) {
                if (!SUPPORTED_TYPES.contains(type)) {
                    throw new InvalidInputException("identity type " + LetheException.quote(type) + " for dataset "
                            + LetheException.quote(dataset) + " is not one of " + SUPPORTED_TYPES);
                }
            }
            copy.put(dataset, Set.copyOf(types));
        });
        this.byDataset = Map.copyOf(copy);
    }

    /** Every dataset's subject column holds the controller's customer ID. */
    public static IdentityMap customerIds() {
        return new IdentityMap(Map.of(ANY_DATASET, Set.of("controller_customer_id")));
    }

    /** The map kept in the home directory {@code home}, or {@link #customerIds()} without a file. */
    public static IdentityMap inHome(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return customerIds();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (String dataset : new TreeSet<>(properties.stringPropertyNames())) {
            Set<String> types = new LinkedHashSet<>();
            for (String type : properties.getProperty(dataset).split(",")) {
                if (!type.isBlank()) {
                    types.add(type.trim());
                }
            }
            map.put(dataset, types);
        }
        try {
            return new IdentityMap(map);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    /** Whether the subject column of {@code dataset} holds identities of {@code type}. */
    public boolean holds(String dataset, String type) {
        Set<String> types = byDataset.get(dataset);
        return (types != null ? types : byDataset.getOrDefault(ANY_DATASET, Set.of())).contains(type);
    }

    /** Every identity type some dataset's subject column holds. */
    public Set<String> types() {
        Set<String> all = new TreeSet<>();
        byDataset.values().forEach(all::addAll);
        return all;
    }
}
