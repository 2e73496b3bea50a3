package dev.lethe.spark.cli;

import dev.lethe.spark.bench.SparkBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe spark bench} (also {@code lethe bench spark}): the Spark benchmark, printed as a Markdown table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Train and forget on Spark with Fertility replicated into Delta; prints a Markdown table.")
final class SparkBenchCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data/AER_Fertility.csv.gz", description = "the Fertility CSV (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--lake", required = true, description = "the Delta table: written when missing (its bucket key beside it), reused otherwise")
    String lake;

    @Option(names = "--rows", defaultValue = "10000000", description = "rows of the replicated table (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--sisa-rows", defaultValue = "100000", description = "rows SISA trains on (default: ${DEFAULT-VALUE})")
    long sisaRows;

    @Option(names = "--shards", defaultValue = "32", description = "SISA shards (default: ${DEFAULT-VALUE})")
    int shards;

    @Option(names = "--masters", defaultValue = "local[1],local[2]", split = ",", description = "masters to compare (default: ${DEFAULT-VALUE})")
    List<String> masters;

    @Option(names = "--buckets", defaultValue = "256", description = "keyed subject buckets partitioning a new lake (default: ${DEFAULT-VALUE})")
    int buckets;

    @Option(names = "--subjects", defaultValue = "3", description = "subjects forgotten per model; medians are reported")
    int subjects;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(data)) {
            throw new dev.lethe.model.NotFoundException("--data " + data + ": no such file");
        }
        var results = SparkBenchmark.run(new SparkBenchmark.Config(data.toString(), lake, rows, sisaRows, shards, masters, subjects, buckets));
        System.out.println(SparkBenchmark.table(results));
        return 0;
    }
}
