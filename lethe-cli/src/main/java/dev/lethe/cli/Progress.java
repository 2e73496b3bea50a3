package dev.lethe.cli;

import java.io.PrintWriter;

/**
 * Progress on standard error: one line per stage with its duration, and for counted work a bar
 * redrawn in place when standard error is a terminal (a line every 10% otherwise), so long work
 * never looks hung and piped output stays readable.
 */
final class Progress {

    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private long stageStart;
    private String stage;
    /** The progress with a stage line still open, so an error message can start on a fresh line. */
    private static Progress open;

    Progress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    /** Starts a stage, finishing the previous one. */
    void stage(String name) {
        done();
        stage = name;
        stageStart = System.nanoTime();
        if (!quiet) {
            err.print(name + "…");
            err.flush();
            open = this;
        }
    }

    /** Finishes the current stage, printing its duration. */
    void done() {
        if (stage != null && !quiet) {
            err.println(" done in " + Durations.format(System.nanoTime() - stageStart));
            err.flush();
        }
        stage = null;
        open = null;
    }

    /** Ends an open stage line without a duration (the stage failed). */
    static void interrupted() {
        Progress p = open;
        if (p != null && p.stage != null) {
            p.err.println();
            p.err.flush();
            p.stage = null;
        }
        open = null;
    }

    /** Reports counted progress within the current stage. */
    synchronized void step(long done, long total) {
        if (quiet || total <= 0) {
            return;
        }
        int percent = (int) (100 * done / total);
        if (terminal) {
            int width = 30;
            int filled = (int) ((long) width * done / total);
            err.print("\r" + stage + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + percent + "%");
            if (done == total) {
                err.print("\r" + stage + "…");
            }
            err.flush();
        } else if (done == total || (done * 10 / total) != ((done - 1) * 10 / total)) {
            if (done < total) {
                err.print(" " + percent + "%");
                err.flush();
            }
        }
    }

    /** Prints a message line (not part of a stage). */
    /** A warning: printed also with --quiet. */
    void warn(String message) {
        done();
        err.println("warning: " + message);
        err.flush();
    }

    void note(String message) {
        done();
        if (!quiet) {
            err.println(message);
            err.flush();
        }
    }
}
