package dev.lethe.cli;

import dev.lethe.data.LoadedData;
import dev.lethe.engine.Catalog;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe data}: datasets in the registry. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Datasets in the registry.",
        subcommands = {
                DataCommand.Import.class,
                DataScanCommand.class,
                DataShowCommand.class,
                DataTagCommand.class,
        })
final class DataCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lethe data import}: store every record of a file, with registry record IDs and subjects. */
    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Import a data file into the registry; every record gets a registry-wide record ID.")
    static final class Import implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The dataset's name in the registry.")
        String name;

        @Mixin
        DataOptions data;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            try (LetheHome h = home.open()) {
                LoadedData loaded = DataFiles.readTraining(data, new Progress(spec.commandLine().getErr(), false));
                Map<String, String> source = new LinkedHashMap<>(data.readOptions().toMap());
                source.put("file", data.data.toString());
                DatasetInfo info = new Catalog(h.registry()).importDataset(name, loaded.dataset(), source);
                spec.commandLine().getOut().printf("imported %s: %d records (IDs %d–%d), %d features, target '%s'%n",
                        info.name(), info.importedRows(), info.firstRecord(), info.lastRecord(),
                        info.schema().numFeatures(), info.schema().target().name());
                DataScanCommand.scanImported(h, info, data.data, data.encoding.charset, spec.commandLine().getOut());
            }
            return Main.OK;
        }
    }
}
