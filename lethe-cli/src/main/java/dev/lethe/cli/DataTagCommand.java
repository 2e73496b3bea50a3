package dev.lethe.cli;

import dev.lethe.awareness.pii.PiiType;
import dev.lethe.awareness.registry.PersonalDataRegistry;
import dev.lethe.store.LetheHome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lethe data tag}: confirm or override the personal data types of a dataset's column. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Set a column's personal data types by hand; they replace the scan's and are what the inventory uses.")
final class DataTagCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET")
    String dataset;

    @Option(names = "--column", required = true, paramLabel = "COL")
    String column;

    @Option(names = "--type", split = ",", paramLabel = "TYPE",
            description = "Personal data types, comma-separated (e.g. email,phone); 'none' for no personal data.")
    List<String> types = List.of();

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        List<PiiType> parsed = new ArrayList<>();
        for (String t : types) {
            if (t.equalsIgnoreCase("none")) {
                continue;
            }
            try {
                parsed.add(PiiType.parse(t));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError("--type: " + e.getMessage() + "; known: "
                        + java.util.Arrays.stream(PiiType.values()).map(PiiType::label).toList());
            }
        }
        if (types.isEmpty()) {
            throw new Main.UserError("--type is needed: the column's types, or 'none'");
        }
        try (LetheHome h = home.open()) {
            new PersonalDataRegistry(h.registry()).tag(dataset, column, parsed);
        }
        spec.commandLine().getOut().printf("%s.%s: %s (confirmed)%n", dataset, column,
                parsed.isEmpty() ? "no personal data" : parsed.stream().map(PiiType::label).toList());
        spec.commandLine().getOut().flush(); // picocli's default writer flushes only on println
        return Main.OK;
    }
}
