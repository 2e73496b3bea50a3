package dev.lethe.spark.cli;

import dev.lethe.spark.LocalSpark;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --master}: the embedded session's master, {@code local[*]} by default. */
final class MasterOption {

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master of the embedded session (default: ${DEFAULT-VALUE})")
    String master;

    SparkSession session() {
        return LocalSpark.session(master);
    }
}
