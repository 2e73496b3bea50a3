package dev.lethe.privacy.dp;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A non-negative rational number n/d held exactly, for the parameters of the exact samplers. A
 * double converts without rounding (every finite double is a dyadic rational).
 */
public record Rational(BigInteger numerator, BigInteger denominator) {

    public Rational {
        if (numerator.signum() < 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("a rational parameter must be ≥ 0 with a positive denominator, got "
                    + numerator + "/" + denominator);
        }
        BigInteger g = numerator.gcd(denominator);
        if (g.signum() > 0 && !g.equals(BigInteger.ONE)) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
    }

    /** The exact value of a finite, non-negative double. */
    public static Rational of(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("expected a finite number ≥ 0, got " + value);
        }
        BigDecimal exact = new BigDecimal(value);
        BigInteger unscaled = exact.unscaledValue();
        int scale = exact.scale();
        return scale >= 0 ? new Rational(unscaled, BigInteger.TEN.pow(scale))
                : new Rational(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    public static Rational of(long n, long d) {
        return new Rational(BigInteger.valueOf(n), BigInteger.valueOf(d));
    }

    public Rational times(Rational o) {
        return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Rational dividedBy(Rational o) {
        return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public double doubleValue() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64).doubleValue();
    }
}
