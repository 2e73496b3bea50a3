package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;
import dev.lethe.model.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a home's registry lives when it is not the embedded one: the JDBC URL last given for the home
 * ({@code --db}), kept without credentials in the home's file {@code registry.url}. A command run on the
 * home without a URL then opens that registry rather than an empty embedded one (which would, say,
 * report a PostgreSQL home's ledger as "valid: 0 entries"). User and password are never written: they
 * come from the options or the environment each time.
 */
public final class RegistryLocation {

    /** The home's file holding the registry's URL. */
    public static final String FILE = "registry.url";

    /** URL parameters that carry credentials (PostgreSQL's and H2's), dropped before the URL is kept. */
    private static final Set<String> CREDENTIALS = Set.of("user", "password", "sslpassword");

    private RegistryLocation() {
    }

    /** The URL remembered for the home at {@code homeDir}, or empty when it uses its embedded registry. */
    public static Optional<String> remembered(Path homeDir) {
        Path file = homeDir.resolve(FILE);
        try {
            String url = Files.readString(file).strip();
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, file + ": cannot read the registry's location: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps {@code url} (without its credentials) as the home's registry, replacing any other. An
     * in-memory H2 URL is not kept: it names a database that ends with its process, so reopening it
     * later would silently give an empty registry.
     */
    static void remember(Path homeDir, String url) {
        if (url.startsWith("jdbc:h2:mem:")) {
            return;
        }
        String kept = withoutCredentials(url);
        if (remembered(homeDir).filter(kept::equals).isPresent()) {
            return;
        }
        Path file = homeDir.resolve(FILE);
        Path next = homeDir.resolve(FILE + ".next");
        try {
            Files.deleteIfExists(next);
            PrivateFiles.createFileIfMissing(next);
            Files.writeString(next, kept + "\n");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, file + ": cannot record the registry's location: " + e.getMessage(), e);
        }
    }

    /**
     * {@code url} without user name and password: neither {@code //user:password@} nor the parameters
     * {@code user}, {@code password}, {@code sslpassword} ({@code ?a=b&…} for PostgreSQL, {@code ;A=B} for H2).
     */
    static String withoutCredentials(String url) {
        String out = url.replaceFirst("//[^/@?;]*@", "//");
        boolean h2 = out.startsWith("jdbc:h2:");
        int start = out.indexOf(h2 ? ';' : '?');
        if (start < 0) {
            return out;
        }
        String separator = h2 ? ";" : "&";
        List<String> kept = new ArrayList<>();
        for (String parameter : out.substring(start + 1).split(h2 ? ";" : "&")) {
            String name = parameter.split("=", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!parameter.isEmpty() && !CREDENTIALS.contains(name)) {
                kept.add(parameter);
            }
        }
        String base = out.substring(0, start);
        return kept.isEmpty() ? base : base + (h2 ? ";" : "?") + String.join(separator, kept);
    }
}
