package dev.lethe.math;

/**
 * A running sum in double-double arithmetic (about 106 bits of mantissa), built on Knuth's
 * TwoSum and Dekker's TwoProduct via {@link Math#fma}. Adding and then subtracting a value
 * leaves the sum exactly where it was up to 2⁻¹⁰⁶ relative, so decremental statistics do not
 * drift however many records are removed, and the order of additions hardly matters: a sum
 * downdated by k records equals, when rounded to a double, the sum computed from scratch on the
 * rest (Shewchuk, "Adaptive Precision Floating-Point Arithmetic", 1997; Dekker 1971).
 */
public final class DoubleDouble {

    private double hi;
    private double lo;

    public DoubleDouble() {
    }

    public DoubleDouble(double hi, double lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public double hi() {
        return hi;
    }

    public double lo() {
        return lo;
    }

    /** The sum rounded to a double. */
    public double value() {
        return hi + lo;
    }

    public DoubleDouble add(double x) {
        double s = hi + x;
        double bb = s - hi;
        double err = (hi - (s - bb)) + (x - bb);
        double t = lo + err;
        hi = s + t;
        lo = t - (hi - s);
        return this;
    }

    public DoubleDouble subtract(double x) {
        return add(-x);
    }

    /** Adds the exact product a·b (TwoProduct with a fused multiply-add). */
    public DoubleDouble addProduct(double a, double b) {
        double p = a * b;
        double e = Math.fma(a, b, -p);
        add(p);
        return add(e);
    }

    public DoubleDouble subtractProduct(double a, double b) {
        return addProduct(-a, b);
    }

    public DoubleDouble set(DoubleDouble other) {
        hi = other.hi;
        lo = other.lo;
        return this;
    }

    public DoubleDouble copy() {
        return new DoubleDouble(hi, lo);
    }

    @Override
    public String toString() {
        return Double.toString(value());
    }
}
