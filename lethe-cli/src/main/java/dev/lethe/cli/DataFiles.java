package dev.lethe.cli;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.LoadedData;
import dev.lethe.data.MissingPolicy;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.LetheException;
import dev.lethe.model.Model;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading data for the commands: training files with the given column roles, and files for an
 * existing model with the roles, dictionaries and imputation recorded in its provenance.
 */
final class DataFiles {

    static final String IMPUTE_PREFIX = dev.lethe.model.ImputationValues.PREFIX;

    private DataFiles() {
    }

    static LoadedData readTraining(Path file, ReadOptions options, Progress progress) {
        progress.stage("reading " + file);
        LoadedData loaded = DatasetReader.read(file, options);
        progress.done();
        report(loaded, progress);
        return loaded;
    }

    /**
     * Reads a training file as the data options say, and checks its subjects: rows whose subject value
     * is empty or NA cannot be forgotten by subject, so they are counted in a warning, or refused with
     * {@code --require-subjects}.
     */
    static LoadedData readTraining(DataOptions data, Progress progress) {
        LoadedData loaded = readTraining(data.data, data.readOptions(), progress);
        if (data.subject != null) {
            Dataset d = loaded.dataset();
            long without = 0;
            for (int i = 0; i < d.size(); i++) {
                String s = d.subjectId(i);
                without += s == null || s.isBlank() ? 1 : 0;
            }
            if (without > 0) {
                String what = data.data + ": " + without + " of " + d.size() + " rows have an empty or NA subject in column "
                        + LetheException.quote(data.subject) + "; a subject request cannot find them";
                if (data.requireSubjects) {
                    throw new DataException(what + " (--require-subjects)");
                }
                progress.warn(what);
            }
        }
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

    /** Reads a file for a model, with its recorded column roles, missing-value policy, encoding and imputation. */
    static LoadedData readFor(Model model, Path file, boolean labelsRequired, Progress progress) {
        return readFor(model, file, labelsRequired, null, null, progress);
    }

    /**
     * Reads a file for a model, with its recorded column roles and imputation.
     *
     * @param missing  the missing-value policy, or {@code null} for the model's own
     * @param encoding the file's encoding, or {@code null} for the one the model was trained with
     */
    static LoadedData readFor(Model model, Path file, boolean labelsRequired, MissingPolicy missing, Charset encoding,
                              Progress progress) {
        Map<String, String> imputation = new LinkedHashMap<>();
        model.provenance().source().forEach((k, v) -> {
            if (k.startsWith(IMPUTE_PREFIX)) {
                imputation.put(k.substring(IMPUTE_PREFIX.length()), v);
            }
        });
        progress.stage("reading " + file);
        ReadOptions options = readOptionsOf(model);
        options = missing == null ? options : options.withMissing(missing);
        options = encoding == null ? options : options.withEncoding(encoding);
        LoadedData loaded = DatasetReader.readFor(file, options, model.schema(), imputation);
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
