package dev.lethe.cli;

import dev.lethe.data.Dataset;
import dev.lethe.data.LoadedData;
import dev.lethe.model.Model;
import dev.lethe.model.UnlearnableModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe predict}: predictions (and class probabilities) for every row of a file, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict every row of a file; CSV with the record ID, the prediction and p_<class> columns.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to predict (the label column may be absent).")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here (default: standard output).")
    Path out;

    @Mixin
    MissingOption missing;

    @Mixin
    EncodingOption encoding;

    @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        UnlearnableModel m = model.load(progress);
        LoadedData loaded = DataFiles.readFor(m, data, false, missing.policy, encoding.charset, progress);
        Dataset rows = loaded.dataset();
        Path tmp = out == null ? null : Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        if (tmp == null) {
            progress.stage("predicting " + rows.size() + " rows");
            write(m, rows, spec.commandLine().getOut(), progress);
            spec.commandLine().getOut().flush();
        } else {
            try (Writer w = Files.newBufferedWriter(tmp)) {
                progress.stage("predicting " + rows.size() + " rows");
                write(m, rows, w, progress);
            }
        }
        if (tmp != null) {
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        progress.done();
        return Main.OK;
    }

    static void write(Model m, Dataset rows, Writer w, Progress progress) throws IOException {
        boolean classifier = m.schema().isClassification();
        List<String> classes = m.schema().classes();
        String idColumn = DataFiles.readOptionsOf(m).idColumn();
        StringBuilder header = new StringBuilder(idColumn == null ? "record_id" : csv(idColumn)).append(",prediction");
        for (String c : classes) {
            header.append(',').append(csv("p_" + c));
        }
        w.write(header.append('\n').toString());
        double[] row = new double[rows.numFeatures()];
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            rows.copyRow(i, row);
            line.setLength(0);
            line.append(rows.recordId(i)).append(',');
            if (classifier) {
                double[] p = m.probabilities(row);
                line.append(csv(classes.get((int) m.predict(row))));
                for (double v : p) {
                    line.append(',').append(v);
                }
            } else {
                line.append(m.predict(row));
            }
            w.write(line.append('\n').toString());
            progress.step(i + 1, rows.size());
        }
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
