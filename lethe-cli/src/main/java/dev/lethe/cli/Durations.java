package dev.lethe.cli;

import java.util.Locale;

/** Human-readable durations: µs, ms or s with three significant figures. */
final class Durations {

    private Durations() {
    }

    static String format(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
