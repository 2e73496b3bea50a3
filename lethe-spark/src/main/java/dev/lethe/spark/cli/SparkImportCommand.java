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

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        LakeFormat f = LakeFormat.of(format);
        String target = f == LakeFormat.DELTA ? null : into != null ? into : table.replaceAll("/+$", "") + ".delta";
        LakeDataset ds = LakeImporter.importTable(master.session(), table, f, subject, id, target);
        System.out.println("imported " + ds.table() + ": record IDs in '" + ds.idColumn() + "', subjects in '"
                + ds.subjectColumn() + "'");
        return 0;
    }
}
