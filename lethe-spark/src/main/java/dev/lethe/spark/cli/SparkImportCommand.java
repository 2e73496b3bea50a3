package dev.lethe.spark.cli;

import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeFormat;
import dev.lethe.spark.lake.LakeImporter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe spark import}: registers a lake dataset (CSV and Parquet become Delta first). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Register a table as a lake dataset: record IDs stored as a column, subject column declared.")
final class SparkImportCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "the table (path or URI)")
    String table;

    @Option(names = "--format", required = true, description = "delta, parquet or csv")
    String format;

    @Option(names = "--subject", required = true, description = "the data-subject column")
    String subject;

    @Option(names = "--id", description = "an existing unique integral column to use as record IDs (default: assign them)")
    String id;

    @Option(names = "--into", description = "the Delta table to create from a csv or parquet source (default: TABLE.delta)")
    String into;

    @Option(names = "--home", paramLabel = "DIR", description = "also register the dataset in this Lethe home (then the "
            + "table is partitioned by a keyed subject bucket, and the workflow erases subjects from it)")
    java.nio.file.Path home;

    @Option(names = "--name", description = "the dataset's name in the home (with --home)")
    String name;

    @Option(names = "--label", description = "the label column (with --home)")
    String label;

    @Option(names = "--buckets", defaultValue = "256", description = "subject buckets (partitions) with --home (default: ${DEFAULT-VALUE})")
    int buckets;

    @Mixin
    VacuumOptions vacuum;

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        LakeFormat f = LakeFormat.of(format);
        String target = f == LakeFormat.DELTA ? null : into != null ? into : table.replaceAll("/+$", "") + ".delta";
        if (home != null) {
            if (name == null || label == null) {
                throw new dev.lethe.model.OptionsException("--home needs --name and --label");
            }
            try (dev.lethe.store.LetheHome h = dev.lethe.store.LetheHome.open(home)) {
                dev.lethe.spark.home.HomeLake lake = dev.lethe.spark.home.LakeHomes.importInto(h.registry(), master.session(), name,
                        table, f, subject, id, target, label, buckets, vacuum.policy());
                System.out.println("registered lake dataset '" + lake.name() + "' (" + lake.table() + ", " + buckets
                        + " keyed subject buckets) in " + home);
            }
            return 0;
        }
        LakeDataset ds = LakeImporter.importTable(master.session(), table, f, subject, id, target);
        System.out.println("imported " + ds.table() + ": record IDs in '" + ds.idColumn() + "', subjects in '"
                + ds.subjectColumn() + "'");
        return 0;
    }
}
