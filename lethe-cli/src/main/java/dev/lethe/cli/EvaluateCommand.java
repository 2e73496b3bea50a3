package dev.lethe.cli;

import dev.lethe.model.Evaluation;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe evaluate}: accuracy and macro-F1, or RMSE and R², on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a model on labelled data: accuracy and macro-F1, or RMSE and R².")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled rows.")
    Path data;

    @Mixin
    MissingOption missing;

    @Mixin
    EncodingOption encoding;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
        Progress progress = new Progress(spec.commandLine().getErr(), quiet || json);
        UnlearnableModel m = model.load(progress);
        var rows = DataFiles.readFor(m, data, true, missing.policy, encoding.charset, progress).dataset();
        progress.stage("evaluating on " + rows.size() + " rows");
        Evaluation e = Evaluation.of(m, rows);
        progress.done();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.family());
        out.put("rows", e.rows());
        if (e.classification()) {
            out.put("accuracy", e.accuracy());
            out.put("macro_f1", e.macroF1());
        } else {
            out.put("rmse", e.rmse());
            out.put("r2", e.r2());
        }
        if (json) {
            spec.commandLine().getOut().println(Json.compact(out));
        } else if (e.classification()) {
            spec.commandLine().getOut().printf(Locale.ROOT, "%s on %d rows: accuracy %.4f, macro-F1 %.4f%n",
                    m.family(), e.rows(), e.accuracy(), e.macroF1());
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT, "%s on %d rows: RMSE %.6g, R² %.4f%n",
                    m.family(), e.rows(), e.rmse(), e.r2());
        }
        return Main.OK;
    }
}
