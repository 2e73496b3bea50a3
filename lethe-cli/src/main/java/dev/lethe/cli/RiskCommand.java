package dev.lethe.cli;

import dev.lethe.data.TextTable;
import dev.lethe.privacy.risk.ReidentificationRisk;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe risk}: re-identification risk of a file in ARX's terms. */
@Command(name = "risk", mixinStandardHelpOptions = true,
        description = "Re-identification risk of a CSV from its quasi-identifiers: prosecutor, journalist (against a "
                + "population file), marketer, and sample uniqueness, as ARX defines them.")
final class RiskCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    QuasiTableOptions table = new QuasiTableOptions();

    @Option(names = "--population", paramLabel = "FILE", description = "The population the data was sampled from (for journalist risk).")
    Path population;

    @Option(names = "--threshold", defaultValue = "0.2", paramLabel = "RISK",
            description = "A record whose risk exceeds this is at risk (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    public Integer call() {
        List<String> quasi = table.quasi;
        TextTable pop = population == null ? null : table.read(population);
        ReidentificationRisk r = ReidentificationRisk.of(table.read(table.data), quasi, pop, threshold);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%d records, %d classes of %s%n", r.records(), r.classes(), quasi);
        print(o, "prosecutor", r.prosecutor(), threshold);
        print(o, "journalist" + (pop == null ? " (no population: as prosecutor)" : ""), r.journalist(), threshold);
        o.printf(Locale.ROOT, "marketer:   %.4f of records re-identified on average%n", r.marketer());
        o.printf(Locale.ROOT, "sample uniqueness: %.4f%n", r.sampleUniqueness());
        return Main.OK;
    }

    private static void print(PrintWriter o, String who, ReidentificationRisk.Model m, double threshold) {
        o.printf(Locale.ROOT, "%s: records at risk (> %s) %.4f, highest risk %.4f, average risk %.4f%n", who, threshold,
                m.recordsAtRisk(), m.highest(), m.average());
    }
}
