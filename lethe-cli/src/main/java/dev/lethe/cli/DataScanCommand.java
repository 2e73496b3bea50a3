package dev.lethe.cli;

import dev.lethe.awareness.pii.ScanReport;
import dev.lethe.awareness.pii.ScanReportText;
import dev.lethe.awareness.pii.TableScanner;
import dev.lethe.awareness.registry.PersonalDataRegistry;
import dev.lethe.data.TextTable;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe data scan}: the personal data in any CSV or ARFF file; needs no home. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Detect personal data in a CSV or ARFF file: types, confidence and evidence per column, quasi-identifiers.")
final class DataScanCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV (plain or gzip) or ARFF file.")
    Path data;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--sample", paramLabel = "ROWS", defaultValue = "10000",
            description = "Rows sampled per column (default: ${DEFAULT-VALUE}).")
    int sample;

    @Mixin
    EncodingOption encoding = new EncodingOption();

    @Override
    public Integer call() {
        if (sample < 1) {
            throw new Main.UserError("--sample must be at least 1, got " + sample);
        }
        ScanReport report = scan(data, encoding.charset, sample);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.pretty(ScanReportText.json(report)) + System.lineSeparator() : ScanReportText.table(report));
        spec.commandLine().getOut().flush(); // picocli's default writer flushes only on println
        return Main.OK;
    }

    static ScanReport scan(Path file, Charset charset, int sample) {
        TextTable table = TextTable.read(file, charset == null ? StandardCharsets.UTF_8 : charset);
        return new TableScanner(sample, java.time.LocalDate.now()).scan(file.getFileName().toString(), table);
    }

    /** What {@code data import} does after storing the records: scans the file and keeps the result with the dataset. */
    static void scanImported(LetheHome home, DatasetInfo info, Path file, Charset charset, PrintWriter out) {
        if (java.nio.file.Files.isDirectory(file) || file.getFileName().toString().contains("-idx")) {
            return; // images: no columns of text to scan
        }
        ScanReport report = scan(file, charset, TableScanner.DEFAULT_SAMPLE_ROWS);
        new PersonalDataRegistry(home.registry()).save(info.id(), report);
        out.printf("personal data: %d of %d columns%s (lethe data show %s)%n", report.personalColumns().size(),
                report.columns().size(), report.personalColumns().isEmpty() ? "" : ": " + String.join(", ",
                        report.personalColumns().stream().map(c -> c.column() + " " + c.types().get(0).type().label()).toList()),
                info.name());
        out.flush();
    }
}
