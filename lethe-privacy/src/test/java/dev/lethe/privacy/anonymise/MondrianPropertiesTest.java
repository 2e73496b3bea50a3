package dev.lethe.privacy.anonymise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.InvalidInputException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MondrianPropertiesTest {

    private static final List<String> QUASI = List.of("age", "city", "town");

    @Property(tries = 60)
    void everyClassHasKRowsAndLValuesSuppressionStaysInItsLimitAndValuesCoverTheOriginals(
            @ForAll @IntRange(min = 0, max = 10_000) int seed, @ForAll @IntRange(min = 20, max = 400) int n,
            @ForAll @IntRange(min = 1, max = 25) int k, @ForAll @IntRange(min = 1, max = 3) int l,
            @ForAll boolean entropy, @ForAll @IntRange(min = 0, max = 10) int suppressPercent) {
        TextTable t = Tables.random(seed, n);
        Diversity diversity = entropy ? Diversity.ENTROPY : Diversity.DISTINCT;
        double suppress = suppressPercent / 100.0;
        AnonymisationOptions o = new AnonymisationOptions(QUASI, "disease", k, l, diversity, Map.of("city", Tables.cities()), suppress);
        Anonymisation a;
        try {
            a = Mondrian.anonymise(t, o);
        } catch (InvalidInputException e) {
            assertThat(k > n || e.getMessage().contains("-diverse")).as(e.getMessage()).isTrue();
            return;
        }
        assertThat(a.suppressed().length).isLessThanOrEqualTo((int) Math.floor(suppress * n));
        Set<Integer> seen = new HashSet<>();
        a.classes().forEach(c -> Arrays.stream(c.rows()).forEach(r -> assertThat(seen.add(r)).isTrue()));
        Arrays.stream(a.suppressed()).forEach(r -> assertThat(seen.add(r)).isTrue());
        assertThat(seen).hasSize(n);

        TextTable out = AnonymisedTable.of(t, a, Map.of());
        AnonymityChecker.Report report = AnonymityChecker.check(out, QUASI, "disease", k, l, diversity);
        assertThat(report.violations()).isEmpty();
        assertThat(report.rows()).isEqualTo(n - a.suppressed().length);
        Set<Integer> gone = new HashSet<>();
        Arrays.stream(a.suppressed()).forEach(gone::add);
        int[] kept = IntStream.range(0, n).filter(i -> !gone.contains(i)).toArray();
        assertThat(AnonymityChecker.uncovered(t, out, kept, QUASI, Map.of("city", Tables.cities()))).isEmpty();
        assertThat(a.ncp()).isBetween(0.0, 1.0);
        assertThat(a.discernibility()).isGreaterThanOrEqualTo((long) k * (n - a.suppressed().length));
    }

    @Test
    void theCheckerFindsAClassTooSmallOrNotDiverse() {
        TextTable t = new TextTable("x.csv", List.of("age", "disease"), List.of(new String[] {"[1, 5]", "a"},
                new String[] {"[1, 5]", "a"}, new String[] {"[6, 9]", "b"}), List.of(2, 3, 4));
        AnonymityChecker.Report r = AnonymityChecker.check(t, List.of("age"), "disease", 2, 2, Diversity.DISTINCT);
        assertThat(r.holds()).isFalse();
        assertThat(r.violations()).hasSize(3);
        assertThat(r.smallestClass()).isEqualTo(1);
    }

    @Test
    void splitsAsFarAsKAllowsAndLosesLessWithSmallerK() {
        TextTable t = Tables.random(7, 2000);
        Anonymisation k5 = Mondrian.anonymise(t, new AnonymisationOptions(QUASI, null, 5, 1, Diversity.DISTINCT, Map.of(), 0));
        Anonymisation k50 = Mondrian.anonymise(t, new AnonymisationOptions(QUASI, null, 50, 1, Diversity.DISTINCT, Map.of(), 0));
        assertThat(k5.classes().size()).isGreaterThan(k50.classes().size() * 4);
        assertThat(k5.ncp()).isLessThan(k50.ncp());
        assertThat(k5.discernibility()).isLessThan(k50.discernibility());
        assertThat(k50.smallestClass()).isBetween(50, 2 * 50 * 6);
    }

    @Test
    void suppressionTakesTheOutliersAndNoMoreThanItsLimit() {
        TextTable base = Tables.random(3, 1000);
        List<String[]> rows = new java.util.ArrayList<>(base.rows());
        List<Integer> lines = new java.util.ArrayList<>(base.lines());
        for (int i = 0; i < 5; i++) { // a town only five people live in: an outlier worth suppressing
            rows.add(new String[] {"x" + i, "40", "Oslo", "rare", "d" + i % 4});
            lines.add(lines.size() + 2);
        }
        TextTable t = new TextTable("t.csv", base.names(), rows, lines);
        AnonymisationOptions none = new AnonymisationOptions(QUASI, "disease", 20, 3, Diversity.DISTINCT, Map.of("city", Tables.cities()), 0);
        AnonymisationOptions some = new AnonymisationOptions(QUASI, "disease", 20, 3, Diversity.DISTINCT, Map.of("city", Tables.cities()), 0.05);
        Anonymisation without = Mondrian.anonymise(t, none);
        Anonymisation with = Mondrian.anonymise(t, some);
        assertThat(without.suppressed()).isEmpty();
        assertThat(with.suppressed().length).isBetween(1, 50);
        assertThat(Arrays.stream(with.suppressed()).filter(r -> r >= 1000).count()).isEqualTo(5);
        assertThat(with.classes().size()).isGreaterThanOrEqualTo(without.classes().size());
    }

    @Test
    void badInputIsRefusedWithItsFlagOrLine() {
        TextTable t = Tables.random(1, 30);
        assertThatThrownBy(() -> Mondrian.anonymise(t, new AnonymisationOptions(QUASI, null, 31, 1, Diversity.DISTINCT, Map.of(), 0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--k 31 is larger than the data's 30 rows");
        assertThatThrownBy(() -> Mondrian.anonymise(t, new AnonymisationOptions(List.of("age", "zip"), null, 2, 1, Diversity.DISTINCT, Map.of(), 0)))
                .isInstanceOf(DataException.class).hasMessageContaining("zip");
        Hierarchy partial = Hierarchy.read(new TextTable("h.csv", List.of("Oslo", "Norway"), List.<String[]>of(new String[] {"Bergen", "Norway"}),
                List.of(2)));
        assertThatThrownBy(() -> Mondrian.anonymise(t, new AnonymisationOptions(QUASI, null, 2, 1, Diversity.DISTINCT, Map.of("city", partial), 0)))
                .isInstanceOf(DataException.class).hasMessageContaining("is not in the hierarchy h.csv").hasMessageContaining("line");
        assertThatThrownBy(() -> Mondrian.anonymise(t, new AnonymisationOptions(QUASI, "disease", 2, 9, Diversity.DISTINCT, Map.of(), 0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("lower --l");
        assertThatThrownBy(() -> new AnonymisationOptions(QUASI, null, 2, 2, Diversity.DISTINCT, Map.of(), 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--sensitive");
        assertThatThrownBy(() -> new AnonymisationOptions(QUASI, null, 2, 1, Diversity.DISTINCT, Map.of(), 1.5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--suppress");
    }
}
