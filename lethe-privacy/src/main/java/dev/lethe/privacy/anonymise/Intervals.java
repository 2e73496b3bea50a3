package dev.lethe.privacy.anonymise;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a generalised number is written: the value itself, or {@code [min, max]} with both ends included. */
public final class Intervals {

    private static final Pattern INTERVAL = Pattern.compile("\\[(\\S+), (\\S+)\\]");

    private Intervals() {
    }

    public static String format(double lo, double hi) {
        return lo == hi ? number(lo) : "[" + number(lo) + ", " + number(hi) + "]";
    }

    /** The {min, max} a generalised value stands for, or null when it is not a number or interval. */
    public static double[] parse(String text) {
        Matcher m = INTERVAL.matcher(text);
        try {
            if (m.matches()) {
                return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
            }
            double v = Double.parseDouble(text);
            return new double[] {v, v};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
