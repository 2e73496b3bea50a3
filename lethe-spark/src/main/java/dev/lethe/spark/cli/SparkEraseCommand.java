package dev.lethe.spark.cli;

import static org.apache.spark.sql.functions.col;

import dev.lethe.model.InvalidInputException;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeEraser;
import dev.lethe.spark.lake.LakeErasure;
import dev.lethe.spark.lake.VacuumPolicy;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe spark erase}: DELETE by record ID and VACUUM, printing the erasure's receipt details. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erase records (or a subject's records) from a lake dataset: Delta DELETE by record ID, then VACUUM.")
final class SparkEraseCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "the lake dataset")
    String table;

    @Option(names = "--records", split = ",", description = "record IDs to erase")
    List<Long> records;

    @Option(names = "--subject", description = "erase every record of this subject (looked up by a read; deleted by record ID)")
    String subject;

    @Mixin
    VacuumOptions vacuum;

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        VacuumPolicy policy = vacuum.policy();
        SparkSession spark = master.session();
        LakeDataset ds = LakeDataset.open(spark, table);
        long[] ids;
        if (subject != null && records == null) {
            ids = spark.read().format("delta").load(table).where(col(ds.subjectColumn()).equalTo(subject))
                    .select(col(ds.idColumn()).cast("long")).collectAsList().stream().mapToLong(r -> r.getLong(0)).toArray();
            if (ids.length == 0) {
                throw new InvalidInputException("--subject: no record of that subject in " + table);
            }
        } else if (records != null && subject == null) {
            ids = records.stream().mapToLong(Long::longValue).toArray();
        } else {
            throw new InvalidInputException("give exactly one of --records and --subject");
        }
        LakeErasure e = LakeEraser.erase(spark, ds, ids, policy);
        e.details().forEach((k, v) -> System.out.println(k + ": " + v));
        return 0;
    }
}
