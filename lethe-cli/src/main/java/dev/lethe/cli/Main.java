package dev.lethe.cli;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the {@code lethe} command and the one place where failures become exit codes:
 * 0 success, 1 a check that ran and failed (e.g. {@code verify}), 2 bad input (a one-line message
 * naming the file, line, column or flag; never a stack trace), 3 an internal error (a bug: the
 * stack trace is printed so it can be reported). The exit code follows {@link LetheException#kind()}
 * alone ({@link #classify}).
 */
public final class Main {

    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        // picocli's writers flush on println only: a command's last printf must not be lost at exit
        cli.getOut().flush();
        cli.getErr().flush();
        return code;
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LetheCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setExecutionStrategy(parsed -> new CommandLine.RunLast().execute(rejectUnmatched(parsed)));
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                ex = unmatched(ex.getCommandLine(), u.getUnmatched());
            }
            err.println("lethe: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return USER_ERROR;
        });
        return cli;
    }

    /**
     * Refuses words that matched nothing, also when a help option was given too: picocli lets
     * {@code --help} excuse them, so {@code lethe nosuchcommand --help} printed the top-level help and
     * exited 0 as if the command existed.
     */
    private static CommandLine.ParseResult rejectUnmatched(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw unmatched(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return parsed;
    }

    /** Words that matched nothing: an unknown command, named as such, where a command was expected. */
    private static CommandLine.ParameterException unmatched(CommandLine where, List<String> unmatched) {
        CommandLine.Model.CommandSpec spec = where.getCommandSpec();
        String first = unmatched.get(0);
        if (!spec.subcommands().isEmpty() && !first.startsWith("-")) {
            return new CommandLine.ParameterException(where, "unknown command " + LetheException.quote(first) + " for '"
                    + spec.qualifiedName() + "'; commands are " + spec.subcommands().keySet());
        }
        return new CommandLine.UnmatchedArgumentException(where, unmatched);
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        Progress.interrupted();
        PrintWriter err = cli.getErr();
        LetheException failure = classify(e);
        if (failure.kind() != LetheException.Kind.INTERNAL) {
            err.println("lethe: " + failure.getMessage());
            err.flush();
            return USER_ERROR;
        }
        err.println("lethe: internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return INTERNAL_ERROR;
    }

    /**
     * The one place that decides what a failure is. A {@link LetheException} says so itself; an I/O
     * error that escaped a command is the environment (a full disk, a missing permission), which the
     * user can fix; anything else, {@link IllegalArgumentException} and {@link IllegalStateException}
     * included, is a defect in Lethe, because every check of user input throws a LetheException.
     */
    static LetheException classify(Throwable e) {
        if (e instanceof LetheException le) {
            return le;
        }
        if (e instanceof java.io.UncheckedIOException u) {
            return classify(u.getCause());
        }
        if (e instanceof java.io.IOException io) {
            String file = io instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
            return new dev.lethe.model.UnavailableException(file + "I/O error: " + FileErrors.reason(io), io);
        }
        return new dev.lethe.model.InternalException(String.valueOf(e.getMessage()), e);
    }

    /** A mistake in how the command was called that picocli cannot see (e.g. a malformed records file). */
    public static final class UserError extends InvalidInputException {
        public UserError(String message) {
            super(message);
        }
    }
}
