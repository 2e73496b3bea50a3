package dev.lethe.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    @Property(tries = 200)
    void aucIsTheMannWhitneyProbabilityWithTiesCountedHalf(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 40) int m,
                                                          @ForAll @IntRange(min = 1, max = 40) int n) {
        Random r = new Random(seed);
        double[] pos = new double[m];
        double[] neg = new double[n];
        for (int i = 0; i < m; i++) {
            pos[i] = r.nextInt(8) + (r.nextBoolean() ? 1 : 0); // coarse values: many ties
        }
        for (int i = 0; i < n; i++) {
            neg[i] = r.nextInt(8);
        }
        double wins = 0;
        for (double p : pos) {
            for (double q : neg) {
                wins += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        assertThat(RocCurve.of(pos, neg).auc()).isCloseTo(wins / (m * n), within(1e-12));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    @Test
    void perfectSeparationAndItsReverse() {
        RocCurve good = RocCurve.of(new double[] {5, 6, 7}, new double[] {1, 2});
        assertThat(good.auc()).isEqualTo(1.0);
        assertThat(good.tprAtFpr(0.0)).isEqualTo(1.0);
        assertThat(RocCurve.of(new double[] {1, 2}, new double[] {5, 6, 7}).auc()).isEqualTo(0.0);
    }

    @Test
    void identicalScoresAreAtChance() {
        RocCurve roc = RocCurve.of(new double[] {3, 3, 3}, new double[] {3, 3});
        assertThat(roc.auc()).isEqualTo(0.5);
        assertThat(roc.tprAtFpr(0.5)).isEqualTo(0.0);
    }

    @Test
    void tprAtLowFprCountsOnlyMembersAboveAlmostAllNonMembers() {
        double[] neg = new double[1000];
        for (int i = 0; i < neg.length; i++) {
            neg[i] = i;
        }
        // 3 of 4 members score above all but 5 non-members (FPR 0.5%), one above all of them
        double[] pos = {2000, 996.5, 997.5, 10};
        RocCurve roc = RocCurve.of(pos, neg);
        assertThat(roc.tprAtFpr(0.001)).isEqualTo(0.25);
        assertThat(roc.tprAtFpr(0.01)).isEqualTo(0.75);
        AttackMetrics m = AttackMetrics.of(roc);
        assertThat(m.tprAt1()).isEqualTo(0.75);
        assertThat(m.members()).isEqualTo(4);
    }

    @Test
    void sameDistributionGivesAucNearHalf() {
        Random r = new Random(3);
        double[] a = new double[4000];
        double[] b = new double[4000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        assertThat(RocCurve.of(a, b).auc()).isCloseTo(0.5, within(0.03));
    }

    @Test
    void rejectsEmptyGroupsAndNaN() {
        assertThatThrownBy(() -> RocCurve.of(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0 members and 1 non-members");
        assertThatThrownBy(() -> RocCurve.of(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void thinningKeepsTheEnds() {
        Random r = new Random(4);
        double[] a = r.doubles(500).toArray();
        double[] b = r.doubles(500).toArray();
        double[][] t = RocCurve.of(a, b).thinned(50);
        assertThat(t[0]).hasSize(50);
        assertThat(t[0][0]).isEqualTo(0.0);
        assertThat(t[0][49]).isEqualTo(1.0);
        assertThat(t[1][49]).isEqualTo(1.0);
    }
}
