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

    /** The error conditions (e.g. {@code MALFORMED_CSV_RECORD}) of the Spark errors in {@code e} and its causes, outermost first. */
    public static java.util.List<String> conditions(Throwable e) {
        java.util.List<String> found = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof org.apache.spark.SparkThrowable st && st.getCondition() != null) {
                found.add(st.getCondition());
            }
        }
        return found;
    }
}
