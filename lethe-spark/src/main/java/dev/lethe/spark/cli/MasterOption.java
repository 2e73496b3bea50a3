package dev.lethe.spark.cli;

import dev.lethe.spark.LocalSpark;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * {@code --master}: the session's master; by default the one {@code spark-submit} was given (its
 * {@code spark.master} system property), and {@code local[*]} when run by {@code ./lethe spark}.
 */
final class MasterOption {

    @Option(names = "--master", description = "Spark master (default: spark-submit's --master, else local[*])")
    String master;

    SparkSession session() {
        return LocalSpark.session(LocalSpark.master(master, System.getProperty(LocalSpark.SUBMITTED_MASTER)));
    }
}
