package dev.lethe.cli;

import dev.lethe.awareness.code.CodeScanReport;
import dev.lethe.awareness.code.CodeScanText;
import dev.lethe.awareness.code.CodeScanner;
import dev.lethe.awareness.code.KnownData;
import dev.lethe.awareness.registry.RegistryKnownData;
import dev.lethe.store.LetheHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lethe scan DIR}: ML training in source code, the personal data flowing in, and the models Lethe cannot reach. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find model training in Java and Python source, the fields and personal data flowing into it, "
                + "and whether the models are registered in Lethe.")
final class ScanCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to scan.")
    Path dir;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--sarif", description = "Print the report as SARIF 2.1.0.")
    boolean sarif;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        if (json && sarif) {
            throw new Main.UserError("--json and --sarif are exclusive: choose one output format");
        }
        CodeScanReport report;
        if (home.hasRegistry()) {
            try (LetheHome h = home.open()) {
                report = new CodeScanner(new RegistryKnownData(h.registry())).scan(dir);
            }
        } else {
            report = new CodeScanner(KnownData.NONE).scan(dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json || sarif) {
            out.println(Json.pretty(json ? CodeScanText.json(report) : CodeScanText.sarif(report)));
        } else {
            out.print(CodeScanText.table(report));
        }
        report.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        spec.commandLine().getOut().flush(); // picocli's default writer flushes only on println
        return Main.OK;
    }
}
