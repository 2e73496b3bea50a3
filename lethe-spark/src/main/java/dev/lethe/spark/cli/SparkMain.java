package dev.lethe.spark.cli;

import dev.lethe.model.LetheException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of {@code ./lethe spark …} (and of {@code spark-submit --class dev.lethe.spark.cli.SparkMain}):
 * Spark is not in the main {@code lethe} jar, so the launcher script runs this class with the
 * lethe-spark class path. Exit codes as {@code lethe}'s: 2 for the user's input or environment, 3 for a defect.
 */
public final class SparkMain {

    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new SparkCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(SparkMain::handle);
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof LetheException le && le.kind() != LetheException.Kind.INTERNAL) {
            err.println("lethe spark: " + le.getMessage());
            err.flush();
            return 2;
        }
        err.println("lethe spark: internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 3;
    }
}
