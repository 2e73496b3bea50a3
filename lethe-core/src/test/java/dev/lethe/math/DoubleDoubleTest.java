package dev.lethe.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class DoubleDoubleTest {

    @Property(tries = 30)
    void downdatingReturnsTheSumOfTheRest(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        int n = 5_000;
        double[] x = new double[n];
        DoubleDouble all = new DoubleDouble();
        for (int i = 0; i < n; i++) {
            x[i] = (r.nextGaussian() + 1e4) * Math.pow(10, r.nextInt(6) - 3);
            all.addProduct(x[i], x[i]);
        }
        DoubleDouble rest = new DoubleDouble();
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                all.subtractProduct(x[i], x[i]);
            } else {
                rest.addProduct(x[i], x[i]);
            }
        }
        assertThat(all.value()).isEqualTo(rest.value());
    }
}
