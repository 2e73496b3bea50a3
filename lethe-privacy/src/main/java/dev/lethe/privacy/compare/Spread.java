package dev.lethe.privacy.compare;

import java.util.Arrays;

/**
 * The median of a figure over seeds, with its smallest and largest value (the spread the report
 * states beside every median). NaN values (a figure a run could not give) are left out.
 */
public record Spread(double median, double min, double max, int count) {

    public static Spread of(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }
}
