package dev.lethe.cli;

import dev.lethe.data.Dataset;
import dev.lethe.model.Settings;
import dev.lethe.privacy.compare.CompareOptions;
import dev.lethe.privacy.compare.ComparisonJson;
import dev.lethe.privacy.compare.ComparisonReport;
import dev.lethe.privacy.compare.ComparisonResult;
import dev.lethe.privacy.compare.ConfigurationResult;
import dev.lethe.privacy.compare.PrivacyComparison;
import dev.lethe.privacy.dpsgd.DpLogisticFamily;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe privacy compare}: what anonymising, DP-SGD and exact unlearning buy, on one audit. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Compare the protections of training data on the same membership-inference audit.",
        subcommands = {PrivacyCommand.Compare.class})
final class PrivacyCommand implements Runnable {

    /** Why the k-anonymity rows do not apply to images. */
    static final String IMAGES = "k-anonymity generalises quasi-identifiers (attributes such as age or postcode that link a record "
            + "to a person in other data); an image's pixels are none, and Mondrian over hundreds of pixel dimensions would "
            + "generalise the images away";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lethe privacy compare}: one HTML report with accuracy, LiRA AUC / TPR and training time per configuration. */
    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Train the raw model, the model on k-anonymous data (Mondrian), DP-SGD at each ε and the raw model after "
                    + "exactly forgetting the audited records; attack each with LiRA and write accuracy, AUC, TPR at 0.1%% FPR and "
                    + "training time (medians over seeds) as an HTML report.")
    static final class Compare implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataOptions data;

        @Option(names = "--model", defaultValue = "logistic", paramLabel = "FAMILY",
                description = "Family of the raw, k-anonymous and unlearning rows (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting of --model (repeatable).")
        List<String> settings = List.of();

        @Option(names = "--quasi", split = ",", paramLabel = "COL",
                description = "Quasi-identifier columns for Mondrian (required for tables; refused for images).")
        List<String> quasi = List.of();

        @Option(names = "--sensitive", paramLabel = "COL", description = "Sensitive column for distinct l-diversity (with --l).")
        String sensitive;

        @Option(names = "--l", defaultValue = "1", paramLabel = "L", description = "l-diversity of --sensitive (default: 1; 2 when --sensitive is given).")
        int l;

        @Option(names = "--k", split = ",", defaultValue = "5,10,50", paramLabel = "K", description = "k of each k-anonymity row (default: ${DEFAULT-VALUE}).")
        List<Integer> ks;

        @Option(names = "--epsilon", split = ",", defaultValue = "1,3,8", paramLabel = "E", description = "ε of each DP-SGD row (default: ${DEFAULT-VALUE}).")
        List<Double> epsilons;

        @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D", description = "δ of the DP-SGD rows (default: ${DEFAULT-VALUE}).")
        double delta;

        @Option(names = "--dp-model", defaultValue = DpLogisticFamily.NAME, paramLabel = "FAMILY",
                description = "The DP-SGD family; it takes epsilon and delta settings (default: ${DEFAULT-VALUE}).")
        String dpModel;

        @Option(names = "--dp-set", paramLabel = "KEY=VALUE", description = "A setting of --dp-model besides ε and δ (repeatable).")
        List<String> dpSettings = List.of();

        @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Repetitions; each figure is their median (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--shadows", defaultValue = "8", paramLabel = "N", description = "LiRA shadow models per configuration and seed (default: ${DEFAULT-VALUE}).")
        int shadows;

        @Option(names = "--audited", defaultValue = "500", paramLabel = "N",
                description = "Training records the attack targets and exact unlearning forgets (at most half; default: ${DEFAULT-VALUE}).")
        int audited;

        @Option(names = "--rows", defaultValue = "0", paramLabel = "N", description = "Use a random sample of N rows (default: all).")
        int rows;

        @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", description = "Worker threads for shadow models (default: all cores).")
        Integer threads;

        @Option(names = "--out", required = true, paramLabel = "REPORT", description = "Where to write the HTML report.")
        Path out;

        @Option(names = "--json", description = "Print the figures as JSON instead of a table.")
        boolean json;

        @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
        boolean quiet;

        @Override
        public Integer call() {
            boolean images = Files.isDirectory(data.data) || data.data.getFileName().toString().contains("-idx");
            if (images && !quasi.isEmpty()) {
                throw new Main.UserError("--quasi: " + IMAGES + "; leave --quasi out for image data");
            }
            CompareOptions options = new CompareOptions(model, Settings.parse(settings), dpModel, Settings.parse(dpSettings), quasi,
                    images ? IMAGES : null, sensitive, sensitive != null && l == 1 ? 2 : l, ks, epsilons, delta, seeds, shadows,
                    audited, rows, seed, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
            Progress progress = new Progress(spec.commandLine().getErr(), quiet);
            Dataset d = DataFiles.readTraining(data, progress).dataset();
            progress.note("comparing on " + data.data.getFileName());
            // a line per phase of each configuration and seed, each closed with its duration by the next
            ComparisonResult r = PrivacyComparison.run(d, data.data.getFileName().toString(), options, progress::stage);
            progress.done();
            ComparisonReport.write(r, out);
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(ComparisonJson.of(r));
                return Main.OK;
            }
            o.printf(Locale.ROOT, "%-42s %9s %7s %9s %10s%n", "configuration", "accuracy", "AUC", "TPR@0.1%", "train s");
            for (ConfigurationResult c : r.results()) {
                if (!c.configuration().applies()) {
                    o.printf(Locale.ROOT, "%-42s not applicable%n", c.configuration().name());
                    continue;
                }
                o.printf(Locale.ROOT, "%-42s %8.2f%% %7.3f %8.2f%% %10.2f%n", c.configuration().name(), 100 * c.accuracy().median(),
                        c.auc().median(), 100 * c.tprAt01().median(), c.millis().median() / 1000);
            }
            o.printf(Locale.ROOT, "medians of %d seed%s, %d shadows each; report: %s%n", seeds, seeds == 1 ? "" : "s", shadows, out);
            return Main.OK;
        }
    }
}
