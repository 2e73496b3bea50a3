package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CompensatedMomentsTest {

    private static final MathContext MC = new MathContext(60);

    /** The variance computed exactly in decimal arithmetic, rounded once. */
    private static double exactVariance(double[] x) {
        BigDecimal s1 = BigDecimal.ZERO;
        BigDecimal s2 = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal b = new BigDecimal(v);
            s1 = s1.add(b);
            s2 = s2.add(b.multiply(b));
        }
        BigDecimal n = BigDecimal.valueOf(x.length);
        return s2.subtract(s1.multiply(s1).divide(n, MC)).divide(n, MC).doubleValue();
    }

    @Property(tries = 40)
    void varianceOfShiftedDataIsAccurate(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                         @ForAll @IntRange(min = 0, max = 9) int magnitude) {
        Random r = new Random(seed);
        double offset = Math.pow(10, magnitude);
        double[] x = new double[1 + r.nextInt(500)];
        DoubleDouble s1 = new DoubleDouble();
        DoubleDouble s2 = new DoubleDouble();
        for (int i = 0; i < x.length; i++) {
            x[i] = offset + r.nextGaussian();
            s1.add(x[i]);
            s2.addProduct(x[i], x[i]);
        }
        double expected = exactVariance(x);
        double actual = CompensatedMoments.variance(s1, s2, x.length);
        if (x.length == 1) {
            assertThat(actual).isZero();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-12 * expected));
        }
    }

    @Test
    void constantDataHasZeroVarianceEvenAfterDowndates() {
        Random r = new Random(7);
        DoubleDouble s1 = new DoubleDouble();
        DoubleDouble s2 = new DoubleDouble();
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (r.nextGaussian() + 100) * 1e3;
            s1.add(x[i]);
            s2.addProduct(x[i], x[i]);
        }
        for (int i = 1; i < x.length; i++) {
            s1.subtract(x[i]);
            s2.subtractProduct(x[i], x[i]);
        }
        assertThat(CompensatedMoments.variance(s1, s2, 1)).isZero();
        assertThat(CompensatedMoments.mean(s1, 1)).isCloseTo(x[0], within(1e-12 * x[0]));
    }

    @Test
    void emptySumsHaveZeroMoments() {
        assertThat(CompensatedMoments.variance(new DoubleDouble(), new DoubleDouble(), 0)).isZero();
        assertThat(CompensatedMoments.mean(new DoubleDouble(), 0)).isZero();
    }
}
