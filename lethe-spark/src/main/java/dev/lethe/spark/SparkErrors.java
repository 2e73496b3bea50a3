package dev.lethe.spark;

/** Spark's and Delta's exception messages span many lines (plans, schemas): Lethe's messages quote their first. */
public final class SparkErrors {

    private SparkErrors() {
    }

    public static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
