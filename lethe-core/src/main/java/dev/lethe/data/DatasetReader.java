package dev.lethe.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

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

    /**
     * Reads data for an existing model: features by name with the model's types and dictionaries (a
     * value the model never saw is an error naming line and column), label optional, missing values
     * handled as at training with the recorded imputation values.
     */
    public static LoadedData readFor(Path path, ReadOptions options, Schema schema, Map<String, String> imputation) {
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file or folder");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) || name.contains("-idx")) {
            LoadedData loaded = IdxReader.read(path);
            return new LoadedData(loaded.dataset().conformTo(schema));
        }
        RawTable table = name.endsWith(".arff") || name.endsWith(".arff.gz") ? ArffReader.parse(path, options.encoding())
                : CsvReader.parse(path, options.encoding());
        return TableBuilder.build(table, options, schema, imputation);
    }
}
