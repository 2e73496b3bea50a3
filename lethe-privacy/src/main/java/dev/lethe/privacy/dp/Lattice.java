package dev.lethe.privacy.dp;

/**
 * Real values on a grid of spacing 2^k, the discretised counterpart of Mironov's snapping mechanism
 * (CCS 2012): values are clamped to [L, U] and rounded to the grid, the query and its noise are exact
 * integers in grid units, and the release is an integer times a power of two, exact in a double. So
 * the output's distribution depends on no floating-point rounding of the noise.
 */
public record Lattice(double spacing) {

    /** The spacing: the largest power of two at most max(|L|, |U|, U − L) / 2^20 (about a millionth of the range). */
    public static Lattice forBounds(double lower, double upper) {
        double span = Math.max(Math.max(Math.abs(lower), Math.abs(upper)), upper - lower);
        if (span == 0) {
            return new Lattice(1);
        }
        return new Lattice(Math.scalb(1.0, Math.getExponent(span) - 20));
    }

    /** The clamped value in grid units, rounded to the nearest point. */
    public long units(double value, double lower, double upper) {
        return Math.round(Math.max(lower, Math.min(upper, value)) / spacing);
    }

    /** Grid units as a value. */
    public double value(long units) {
        return units * spacing;
    }

    /** The largest |units| a value clamped to [L, U] can have: the per-row sensitivity in grid units. */
    public long maxUnits(double lower, double upper) {
        return Math.max(Math.abs(units(lower, lower, upper)), Math.abs(units(upper, lower, upper)));
    }
}
