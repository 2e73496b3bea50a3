package dev.lethe.audit.metrics;

/**
 * An estimate with a two-sided confidence interval.
 *
 * @param level the coverage, e.g. 0.95
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level) {

    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("interval bounds out of order: [" + lower + ", " + upper + "]");
        }
    }

    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f] (%.0f%%)", estimate, lower, upper, level * 100);
    }
}
