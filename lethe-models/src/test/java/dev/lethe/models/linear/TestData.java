package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's real datasets: the repository's {@code data/} or the shared {@code shared/datasets/}. */
final class TestData {

    private TestData() {
    }

    static Dataset read(String file, ReadOptions options) {
        return DatasetReader.read(find(file), options).dataset();
    }

    static Path find(String file) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("data").resolve(file), dir.resolve("shared/datasets").resolve(file)}) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("dataset " + file + " is neither in the repository's data/ nor in a shared/datasets/ "
                + "folder above " + Path.of("").toAbsolutePath());
    }
}
