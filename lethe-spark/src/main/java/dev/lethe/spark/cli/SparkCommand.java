package dev.lethe.spark.cli;

import picocli.CommandLine.Command;

/** {@code lethe spark}: data in a Delta lake and models on Spark. */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Lake datasets on Delta and models on Spark (embedded local session).",
        subcommands = {
                SparkImportCommand.class,
                SparkTrainCommand.class,
                SparkWorkerCommand.class,
                SparkEraseCommand.class,
                SparkBenchCommand.class,
        })
public final class SparkCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
