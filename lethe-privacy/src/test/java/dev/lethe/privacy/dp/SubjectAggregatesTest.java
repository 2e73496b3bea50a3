package dev.lethe.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectAggregatesTest {

    /** 100 subjects with one row each (value = subject number), plus subject "heavy" with 500 rows of value 1000, all in group "a"; subject "lone" alone in group "b". */
    private static TextTable table() {
        List<String[]> rows = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            rows.add(new String[] {"s" + s, String.valueOf(s), "a"});
        }
        for (int i = 0; i < 500; i++) {
            rows.add(new String[] {"heavy", "1000", "a"});
        }
        rows.add(new String[] {"lone", "7", "b"});
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            lines.add(i + 2);
        }
        return new TextTable("t.csv", List.of("who", "x", "g"), rows, lines);
    }

    private static List<Release> run(long seed, String query, String by, DpOptions o) {
        return new SubjectAggregates(SamplerLaws.seeded(seed)).run(table(), "who", AggregateQuery.parse(query), by, o);
    }

    private static DpOptions options(double eps, double delta, double lo, double hi, int n) {
        return new DpOptions(eps, delta, lo, hi, n);
    }

    @Test
    void eachSubjectCountsAtMostItsLimit() {
        Release r = run(1, "count", null, options(1000, 0, Double.NaN, Double.NaN, 1)).get(0);
        assertThat(r.estimate()).isEqualTo(102); // 100 + heavy + lone, not 601
        Release two = run(1, "count", null, options(1000, 0, Double.NaN, Double.NaN, 3)).get(0);
        assertThat(two.estimate()).isEqualTo(104);
    }

    @Test
    void sumsClampToTheBounds() {
        Release r = run(2, "sum(x)", null, options(1e6, 0, 0, 50, 1)).get(0);
        double expected = 0;
        for (int s = 0; s < 100; s++) {
            expected += Math.min(50, s);
        }
        expected += 50 + 7; // heavy's one row clamped, lone's row
        assertThat(r.estimate()).isCloseTo(expected, within(0.01));
        assertThat(r.low()).isLessThanOrEqualTo(r.estimate());
        assertThat(r.high()).isGreaterThanOrEqualTo(r.estimate());
    }

    @Test
    void meanAndQuantileAreNearTheTruthAtLargeEpsilon() {
        Release mean = run(3, "mean(x)", null, options(1e4, 0, 0, 100, 1)).get(0);
        double truth = (4950 + 100 + 7) / 102.0;
        assertThat(mean.estimate()).isCloseTo(truth, within(0.05));
        assertThat(mean.low()).isLessThanOrEqualTo(truth);
        assertThat(mean.high()).isGreaterThanOrEqualTo(truth);
        Release median = run(4, "quantile(x,0.5)", null, options(1e4, 0, 0, 100, 1)).get(0);
        assertThat(median.estimate()).isBetween(49.0, 51.0);
    }

    @Test
    void noiseIsScaledToTheSubjectsLimitNotToRows() {
        for (int n : new int[] {1, 4}) {
            SubjectAggregates agg = new SubjectAggregates(SamplerLaws.seeded(10 + n));
            double sum = 0;
            double sq = 0;
            int runs = 4000;
            double truth = n == 1 ? 102 : 100 + 4 + 1;
            for (int i = 0; i < runs; i++) {
                double e = agg.run(table(), "who", AggregateQuery.parse("count"), null, options(1, 0, Double.NaN, Double.NaN, n))
                        .get(0).estimate() - truth;
                sum += e;
                sq += e * e;
            }
            double variance = sq / runs - (sum / runs) * (sum / runs);
            assertThat(variance).isCloseTo(DiscreteLaplace.variance(n), within(0.12 * DiscreteLaplace.variance(n)));
        }
    }

    @Test
    void aGroupOnlyOneSubjectFillsIsNotReleased() {
        List<Release> out = run(5, "count", "g", options(1, 1e-6, Double.NaN, Double.NaN, 1));
        assertThat(out).extracting(Release::group).containsExactly("a");
        assertThat(out.get(0).delta()).isEqualTo(1e-6);
    }

    @Test
    void badInputIsRefusedWithItsFlag() {
        assertThatThrownBy(() -> options(0, 0, Double.NaN, Double.NaN, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--epsilon");
        assertThatThrownBy(() -> options(-1, 0, Double.NaN, Double.NaN, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> options(1, 0, 5, 1, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("L ≤ U");
        assertThatThrownBy(() -> options(1, 0, 0, 1, 0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--max-rows-per-subject");
        assertThatThrownBy(() -> run(1, "sum(x)", null, options(1, 0, Double.NaN, Double.NaN, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--bounds");
        assertThatThrownBy(() -> run(1, "count", "g", options(1, 0, Double.NaN, Double.NaN, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--delta");
        assertThatThrownBy(() -> run(1, "sum(nope)", null, options(1, 0, 0, 1, 1)))
                .isInstanceOf(DataException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> AggregateQuery.parse("median(x)")).isInstanceOf(InvalidInputException.class).hasMessageContaining("--query");
        assertThatThrownBy(() -> AggregateQuery.parse("quantile(x,1.5)")).isInstanceOf(InvalidInputException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> run(1, "sum(g)", null, options(1, 0, 0, 1, 1)))
                .isInstanceOf(DataException.class).hasMessageContaining("line 2").hasMessageContaining("expected a number");
    }
}
