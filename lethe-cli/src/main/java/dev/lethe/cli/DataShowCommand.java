package dev.lethe.cli;

import dev.lethe.awareness.pii.ScanReportText;
import dev.lethe.awareness.registry.PersonalDataRegistry;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lethe data show}: a registered dataset with its personal data (the scan, with users' tags applied). */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a dataset: records held and the personal data in its columns.")
final class DataShowCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset's name.")
    String name;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        try (LetheHome h = home.open()) {
            DatasetInfo info = h.registry().datasets().get(name);
            int live = h.registry().datasets().liveCount(info.id());
            var pii = new PersonalDataRegistry(h.registry()).effective(info.id());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", info.name());
                m.put("imported_rows", info.importedRows());
                m.put("records_held", live);
                m.put("personal_data", pii.map(ScanReportText::json).orElse(null));
                out.println(Json.pretty(m));
            } else {
                out.printf("%s: %d records imported, %d held%n", info.name(), info.importedRows(), live);
                out.print(pii.map(ScanReportText::table).orElse("personal data: not scanned (lethe data tag sets types by hand)"
                        + System.lineSeparator()));
            }
        }
        spec.commandLine().getOut().flush(); // picocli's default writer flushes only on println
        return Main.OK;
    }
}
