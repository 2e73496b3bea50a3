package dev.lethe.testing;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real datasets bundled in the repository's {@code data/} folder (provenance in
 * {@code data/README.md}). Tests run with a module as working directory, and a clone may lie
 * anywhere, so the folder is found by walking up from the working directory to the repository
 * root: the first folder whose {@code pom.xml} declares {@code <modules>}. Nothing outside the
 * repository is ever read.
 */
public final class RepositoryData {

    private RepositoryData() {
    }

    /** The repository's root folder, the one holding the aggregating {@code pom.xml}. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isAggregator(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml with <modules> in " + start + " or any folder above it");
    }

    /** A file or folder in {@code data/}, which must exist. */
    public static Path path(String name) {
        Path p = root().resolve("data").resolve(name);
        if (!Files.exists(p)) {
            throw new IllegalStateException("the repository's data/ folder has no " + name + " (looked for " + p + ")");
        }
        return p;
    }

    /** Reads a bundled dataset (CSV, ARFF or IDX) with the given options. */
    public static Dataset read(String name, ReadOptions options) {
        return DatasetReader.read(path(name), options).dataset();
    }

    private static boolean isAggregator(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<modules>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
