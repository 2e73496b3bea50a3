package dev.lethe.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a dataset from a path, choosing the reader by the file name: ARFF, IDX (file or folder) or CSV. */
public final class DatasetReader {

    private DatasetReader() {
    }

    public static LoadedData read(Path path, ReadOptions options) {
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file or folder");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) || name.contains("-idx")) {
            return IdxReader.read(path);
        }
        if (name.endsWith(".arff") || name.endsWith(".arff.gz")) {
            return ArffReader.read(path, options);
        }
        return CsvReader.read(path, options);
    }
}
