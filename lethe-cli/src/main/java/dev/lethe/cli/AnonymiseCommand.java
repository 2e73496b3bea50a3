package dev.lethe.cli;

import dev.lethe.data.TextTable;
import dev.lethe.model.LetheException;
import dev.lethe.privacy.anonymise.Anonymisation;
import dev.lethe.privacy.anonymise.AnonymisationOptions;
import dev.lethe.privacy.anonymise.AnonymisedTable;
import dev.lethe.privacy.anonymise.AnonymityChecker;
import dev.lethe.privacy.anonymise.CsvOutput;
import dev.lethe.privacy.anonymise.Diversity;
import dev.lethe.privacy.anonymise.Hierarchy;
import dev.lethe.privacy.anonymise.Mondrian;
import dev.lethe.privacy.anonymise.Pseudonyms;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe anonymise}: k-anonymity (Mondrian) with l-diversity and suppression, checked, with keyed pseudonyms. */
@Command(name = "anonymise", mixinStandardHelpOptions = true,
        description = "Write a k-anonymous (and l-diverse) copy of a CSV by Mondrian partitioning, check it independently, "
                + "and report its classes, suppressed rows and information loss.")
final class AnonymiseCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    QuasiTableOptions table = new QuasiTableOptions();

    @Option(names = "--sensitive", paramLabel = "COL", description = "Sensitive column for l-diversity.")
    String sensitive;

    @Option(names = "--k", required = true, paramLabel = "K", description = "Every class keeps at least K rows.")
    int k;

    @Option(names = "--l", defaultValue = "1", paramLabel = "L", description = "Every class holds at least L sensitive values (default: 1).")
    int l;

    @Option(names = "--diversity", defaultValue = "distinct", paramLabel = "KIND",
            description = "distinct or entropy l-diversity (default: ${DEFAULT-VALUE}).")
    String diversity;

    @Option(names = "--hierarchy", paramLabel = "COL=FILE",
            description = "A headerless CSV of value,parent,grandparent,… for a categorical quasi-identifier (repeatable).")
    Map<String, Path> hierarchies = new LinkedHashMap<>();

    @Option(names = "--suppress", defaultValue = "0", paramLabel = "SHARE", description = "Largest share of rows that may be left out (default: 0).")
    double suppress;

    @Option(names = "--pseudonymise", split = ",", paramLabel = "COL",
            description = "Replace this direct identifier by its keyed HMAC pseudonym (key in the Lethe home).")
    List<String> pseudonymise = List.of();

    @Option(names = "--rotate-key", description = "Make a new pseudonym key first: pseudonyms will not match earlier files'.")
    boolean rotateKey;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the anonymised CSV.")
    Path out;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() {
        Diversity kind = switch (diversity.toLowerCase(Locale.ROOT)) {
            case "distinct" -> Diversity.DISTINCT;
            case "entropy" -> Diversity.ENTROPY;
            default -> throw new Main.UserError("--diversity must be distinct or entropy, got " + LetheException.quote(diversity));
        };
        List<String> quasi = table.quasi;
        Map<String, Hierarchy> read = new LinkedHashMap<>();
        hierarchies.forEach((col, file) -> read.put(col, Hierarchy.read(table.read(file))));
        AnonymisationOptions options = new AnonymisationOptions(quasi, sensitive, k, l, kind, read, suppress);
        for (String col : pseudonymise) {
            if (quasi.contains(col) || col.equals(sensitive)) {
                throw new Main.UserError("--pseudonymise " + LetheException.quote(col) + " is also a quasi-identifier or the sensitive column");
            }
        }
        TextTable input = table.read(table.data);
        pseudonymise.forEach(col -> input.column(col, "--pseudonymise"));
        Anonymisation a = Mondrian.anonymise(input, options);
        PrintWriter o = spec.commandLine().getOut();
        Map<String, UnaryOperator<String>> replace = new LinkedHashMap<>();
        if (!pseudonymise.isEmpty() || rotateKey) {
            Pseudonyms keys = rotateKey ? Pseudonyms.rotate(home.dir()) : Pseudonyms.current(home.dir());
            pseudonymise.forEach(col -> replace.put(col, keys));
            o.printf("pseudonyms of %s with key %d%s%n", pseudonymise, keys.keyNumber(),
                    rotateKey ? " (rotated: they do not match files pseudonymised with earlier keys)" : "");
        }
        TextTable result = AnonymisedTable.of(input, a, replace);
        AnonymityChecker.Report check = AnonymityChecker.check(result, quasi, sensitive, k, l, kind);
        if (!check.holds()) {
            throw new dev.lethe.model.InternalException("the anonymised data failed its check: " + check.violations().get(0));
        }
        CsvOutput.write(result, out);
        o.printf(Locale.ROOT, "%d rows → %d classes (smallest %d), %d suppressed (%.2f%%), written to %s%n", a.rows(),
                a.classes().size(), a.smallestClass(), a.suppressed().length, 100.0 * a.suppressed().length / a.rows(), out);
        o.printf(Locale.ROOT, "information loss: NCP %.4f, discernibility %d%n", a.ncp(), a.discernibility());
        o.printf(Locale.ROOT, "check: every class has ≥ %d rows%s: %s (%d classes, smallest %d)%n", k,
                sensitive == null ? "" : " and ≥ " + l + " " + diversity + " values of " + sensitive, check.holds() ? "PASS" : "FAIL",
                check.classes(), check.smallestClass());
        return Main.OK;
    }
}
