package dev.lethe.cli;

import dev.lethe.data.DatasetReader;
import dev.lethe.data.LoadedData;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Model;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading data for the commands: training files with the given column roles, and files for an
 * existing model with the roles, dictionaries and imputation recorded in its provenance.
 */
final class DataFiles {

    static final String IMPUTE_PREFIX = "impute.";

    private DataFiles() {
    }

    static LoadedData readTraining(Path file, ReadOptions options, Progress progress) {
        progress.stage("reading " + file);
        LoadedData loaded = DatasetReader.read(file, options);
        progress.done();
        report(loaded, progress);
        return loaded;
    }

    /** The provenance source of a model trained from this file. */
    static Map<String, String> source(Path file, ReadOptions options, LoadedData loaded) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("file", file.toAbsolutePath().normalize().toString());
        source.putAll(options.toMap());
        loaded.imputation().forEach((column, value) -> source.put(IMPUTE_PREFIX + column, value));
        return source;
    }

    static ReadOptions readOptionsOf(Model model) {
        Map<String, String> source = model.provenance().source();
        if (!source.containsKey("label")) {
            return ReadOptions.label(model.schema().target().name());
        }
        return ReadOptions.fromMap(source);
    }

    /** Reads a file for a model, with its recorded column roles and imputation. */
    static LoadedData readFor(Model model, Path file, boolean labelsRequired, Progress progress) {
        Map<String, String> imputation = new LinkedHashMap<>();
        model.provenance().source().forEach((k, v) -> {
            if (k.startsWith(IMPUTE_PREFIX)) {
                imputation.put(k.substring(IMPUTE_PREFIX.length()), v);
            }
        });
        progress.stage("reading " + file);
        LoadedData loaded = DatasetReader.readFor(file, readOptionsOf(model), model.schema(), imputation);
        progress.done();
        if (labelsRequired && !loaded.hasLabels()) {
            throw new Main.UserError(file + ": no column '" + model.schema().target().name()
                    + "' with the true values; it is needed here");
        }
        report(loaded, progress);
        return loaded;
    }

    private static void report(LoadedData loaded, Progress progress) {
        if (loaded.droppedRows() > 0) {
            progress.note("dropped " + loaded.droppedRows() + " rows with missing values");
        }
        if (loaded.imputedCells() > 0) {
            progress.note("imputed " + loaded.imputedCells() + " missing values: " + loaded.imputation());
        }
    }
}
