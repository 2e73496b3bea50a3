package dev.lethe.cli;

import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lethe verify}: retrain from scratch on the training file minus everything the model has
 * forgotten, and report the largest difference. Exit 0 within tolerance, 1 otherwise.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare a model with retraining from scratch on the data minus what it forgot; exit 1 if they differ.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The training file of the model.")
    Path data;

    @Mixin
    EncodingOption encoding;

    @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        UnlearnableModel m = model.load(progress);
        var rows = DataFiles.readFor(m, data, true, null, encoding.charset, progress).dataset();
        progress.stage("retraining " + m.family() + " without the " + m.history().records().size()
                + " forgotten records and comparing");
        ExactnessReport report = ModelFamilies.byName(m.family()).verify(m, rows);
        progress.done();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%s: largest difference %.3g (tolerance %.1g) over %s; %d prediction%s differ; retrain took %d ms%n",
                report.passed() ? "EXACT" : "DIFFERS", report.maxDifference(), report.tolerance(), report.note(),
                report.disagreements(), report.disagreements() == 1 ? "" : "s", report.retrainMillis());
        return report.passed() ? Main.OK : Main.CHECK_FAILED;
    }
}
