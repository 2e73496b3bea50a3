package dev.lethe.cli;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.CsvReader;
import dev.lethe.data.TextTable;
import dev.lethe.model.LetheException;
import dev.lethe.privacy.dp.AggregateQuery;
import dev.lethe.privacy.dp.DpOptions;
import dev.lethe.privacy.dp.ExactRandom;
import dev.lethe.privacy.dp.Release;
import dev.lethe.privacy.dp.SubjectAggregates;
import dev.lethe.store.LetheHome;
import dev.lethe.store.PrivacyBudgets;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe dp query|budget}: differentially private aggregates per data subject, and a dataset's budget. */
@Command(name = "dp", mixinStandardHelpOptions = true,
        description = "Differentially private aggregates whose privacy unit is the data subject, and privacy budgets.",
        subcommands = {DpCommand.Query.class, DpCommand.Budget.class})
final class DpCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lethe dp query}: one release, with its 95% interval and the ε it spent; charged to a dataset's budget when named. */
    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Release count, sum(COL), mean(COL) or quantile(COL,q) with ε-DP per data subject (exact "
                    + "discrete noise); with --dataset the release is charged to that dataset's budget in the home and "
                    + "refused when it would exceed it.")
    static final class Query implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV (plain or gzip) with a header row.")
        Path data;

        @Option(names = "--subject", required = true, paramLabel = "COL", description = "Column naming each row's data subject (the privacy unit).")
        String subject;

        @Option(names = "--query", required = true, paramLabel = "Q", description = "count, sum(COL), mean(COL) or quantile(COL,q).")
        String query;

        @Option(names = "--by", paramLabel = "COL", description = "One release per value of this column (needs --delta).")
        String by;

        @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Privacy loss ε of this release (> 0).")
        double epsilon;

        @Option(names = "--delta", defaultValue = "0", paramLabel = "D", description = "δ, needed by --by (default: 0).")
        double delta;

        @Option(names = "--bounds", split = ",", paramLabel = "L,U", description = "Values are clamped to [L, U]; required for sum, mean, quantile.")
        List<Double> bounds;

        @Option(names = "--max-rows-per-subject", defaultValue = "1", paramLabel = "N",
                description = "Rows one subject may contribute (more are sampled down at random; default: 1).")
        int maxRows;

        @Option(names = "--dataset", paramLabel = "NAME", description = "Charge the release to this registry dataset's budget (lethe dp budget).")
        String dataset;

        @Mixin
        HomeOptions home;

        @Mixin
        EncodingOption encoding = new EncodingOption();

        @Override
        public Integer call() {
            if (bounds != null && bounds.size() != 2) {
                throw new Main.UserError("--bounds needs two numbers L,U, got " + bounds.size());
            }
            DpOptions options = new DpOptions(epsilon, delta, bounds == null ? Double.NaN : bounds.get(0),
                    bounds == null ? Double.NaN : bounds.get(1), maxRows);
            AggregateQuery q = AggregateQuery.parse(query);
            TextTable table = CsvReader.readText(data, encoding.charset == null ? StandardCharsets.UTF_8 : encoding.charset);
            List<Release> releases = new SubjectAggregates(new ExactRandom()).run(table, subject, q, by, options);
            double spentDelta = by == null ? 0 : delta;
            PrintWriter out = spec.commandLine().getOut();
            PrivacyBudgets.Budget after = dataset == null ? null : charge(q, spentDelta);
            out.printf(Locale.ROOT, "%s, ε = %s, δ = %s, privacy unit: data subject (at most %d row%s each)%n", q, epsilon,
                    spentDelta, maxRows, maxRows == 1 ? "" : "s");
            for (Release r : releases) {
                String group = r.group() == null ? "" : LetheException.quote(r.group()) + "  ";
                String interval = Double.isNaN(r.low()) ? "" : String.format(Locale.ROOT, "  95%% interval [%s, %s]", fmt(r.low()), fmt(r.high()));
                out.printf(Locale.ROOT, "%s%s%s%n", group, fmt(r.estimate()), interval);
            }
            if (by != null) {
                out.printf(Locale.ROOT, "%d group%s released (groups below the noisy threshold are withheld)%n", releases.size(),
                        releases.size() == 1 ? "" : "s");
            }
            if (!releases.isEmpty()) {
                out.println("note: " + releases.get(0).note());
            }
            out.printf(Locale.ROOT, "spent ε = %s, δ = %s%n", epsilon, spentDelta);
            if (after != null) {
                out.printf(Locale.ROOT, "budget of dataset %s: spent ε = %s of %s, δ = %s of %s in %d release%s%n",
                        LetheException.quote(dataset), fmt(after.spentEpsilon()), after.epsilon(), fmt(after.spentDelta()),
                        after.delta(), after.releases(), after.releases() == 1 ? "" : "s");
            }
            return Main.OK;
        }

        /** Charges the release before printing it: a refused query releases nothing. */
        private PrivacyBudgets.Budget charge(AggregateQuery q, double spentDelta) {
            String what = q + (by == null ? "" : " by " + by);
            try (LetheHome h = openRegistry(home)) {
                PrivacyBudgets.Budget after = new PrivacyBudgets(h.registry()).spend(dataset, epsilon, spentDelta, what);
                Map<String, String> details = new LinkedHashMap<>();
                details.put("dataset", dataset);
                details.put("query", what);
                details.put("epsilon", Double.toString(epsilon));
                details.put("delta", Double.toString(spentDelta));
                details.put("privacyUnit", "subject, at most " + maxRows + " rows");
                details.put("spentEpsilon", Double.toString(after.spentEpsilon()));
                details.put("budgetEpsilon", Double.toString(after.epsilon()));
                Ledger.open(h).appendEvent("privacy", "dp-spend", "dataset " + LetheException.quote(dataset) + ": " + what, details);
                return after;
            }
        }
    }

    /** {@code lethe dp budget}: set or show a registry dataset's total privacy budget. */
    @Command(name = "budget", mixinStandardHelpOptions = true,
            description = "Set (with --epsilon) or show a dataset's total privacy budget and what releases have spent of it.")
    static final class Budget implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "A dataset in the home's registry.")
        String dataset;

        @Option(names = "--epsilon", paramLabel = "E", description = "The total ε releases of this dataset may spend.")
        Double epsilon;

        @Option(names = "--delta", defaultValue = "0", paramLabel = "D", description = "The total δ (default: 0).")
        double delta;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            try (LetheHome h = openRegistry(home)) {
                PrivacyBudgets budgets = new PrivacyBudgets(h.registry());
                PrivacyBudgets.Budget b = epsilon == null
                        ? budgets.find(dataset).orElseThrow(() -> new Main.UserError("dataset " + LetheException.quote(dataset)
                        + " has no privacy budget; set one with --epsilon"))
                        : budgets.set(dataset, epsilon, delta);
                spec.commandLine().getOut().printf(Locale.ROOT, "dataset %s: budget ε = %s, δ = %s; spent ε = %s, δ = %s in %d release%s%n",
                        LetheException.quote(dataset), b.epsilon(), b.delta(), fmt(b.spentEpsilon()), fmt(b.spentDelta()),
                        b.releases(), b.releases() == 1 ? "" : "s");
            }
            return Main.OK;
        }
    }

    /** The home's registry; a budget belongs to a dataset already imported there, so no new home is made. */
    static LetheHome openRegistry(HomeOptions home) {
        if (!home.hasRegistry()) {
            throw new Main.UserError(home.home.dir() + ": no Lethe home with a registry here (import the dataset with lethe data import)");
        }
        return home.open();
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }
}
