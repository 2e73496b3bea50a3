package dev.lethe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.testing.RandomData;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Property(tries = 30)
    void viewsKeepEveryRowsRecordIdSubjectAndValues(@ForAll @LongRange(min = 1, max = 100_000) long seed) {
        Dataset d = RandomData.classification(seed, 60, 3, 2, 3);
        Dataset shuffled = d.shuffle(seed + 1);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < shuffled.size(); i++) {
            ids.add(shuffled.recordId(i));
        }
        assertThat(ids).hasSize(d.size());
        Dataset without = d.withoutRecords(id -> id % 2 == 0);
        for (int i = 0; i < without.size(); i++) {
            assertThat(without.recordId(i) % 2).isNotZero();
        }
        Dataset.Split split = d.split(0.7, seed);
        assertThat(split.first().size() + split.second().size()).isEqualTo(d.size());
        for (int i = 0; i < shuffled.size(); i++) {
            long id = shuffled.recordId(i);
            int original = indexOf(d, id);
            assertThat(shuffled.row(i)).containsExactly(d.row(original));
            assertThat(shuffled.subjectId(i)).isEqualTo(d.subjectId(original));
            assertThat(shuffled.target(i)).isEqualTo(d.target(original));
        }
    }

    static int indexOf(Dataset d, long id) {
        for (int i = 0; i < d.size(); i++) {
            if (d.recordId(i) == id) {
                return i;
            }
        }
        throw new AssertionError("no record " + id);
    }

    @Test
    void dropsAndConformsColumnsByName() {
        Dataset d = RandomData.regression(3, 10, 3, 1);
        Dataset without = d.withoutFeatures(List.of("x1"));
        assertThat(without.schema().featureNames()).containsExactly("x0", "x2", "cat0");
        assertThat(without.value(4, 1)).isEqualTo(d.value(4, 2));
        Dataset back = d.conformTo(without.schema());
        assertThat(back.row(7)).containsExactly(without.row(7));
        assertThatThrownBy(() -> without.conformTo(d.schema())).hasMessageContaining("no feature 'x1'");
        assertThatThrownBy(() -> d.withoutFeatures(List.of("nope"))).hasMessageContaining("unknown feature 'nope'");
    }

    @Test
    void fingerprintsChangeWithContentAndRelabelsCopyOnlyTargets() {
        Dataset d = RandomData.classification(5, 20, 2, 1, 2);
        assertThat(d.fingerprint()).isEqualTo(d.select(allRows(d)).fingerprint());
        long id = d.recordId(3);
        Dataset relabelled = d.withTargets(Map.of(id, 1 - d.target(3)));
        assertThat(relabelled.target(3)).isEqualTo(1 - d.target(3));
        assertThat(d.target(3)).isNotEqualTo(relabelled.target(3));
        assertThat(relabelled.fingerprint()).isNotEqualTo(d.fingerprint());
        assertThat(d.withoutRecords(x -> x == id).fingerprint()).isNotEqualTo(d.fingerprint());
    }

    static int[] allRows(Dataset d) {
        int[] r = new int[d.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    @Test
    void rejectsNonFiniteValuesBadLevelsAndDuplicateIds() {
        Schema s = new Schema(List.of(Attribute.numeric("a"), Attribute.categorical("c", List.of("u", "v"))),
                Attribute.categorical("y", List.of("p", "q")), Task.CLASSIFICATION);
        assertThatThrownBy(() -> Dataset.of(s, new double[] {Double.NaN, 0}, new double[] {0}, new long[] {1}, null))
                .hasMessageContaining("column 'a': expected a finite number, got NaN");
        assertThatThrownBy(() -> Dataset.of(s, new double[] {1, 2}, new double[] {0}, new long[] {1}, null))
                .hasMessageContaining("column 'c': expected a level index in [0, 2), got 2.0");
        assertThatThrownBy(() -> Dataset.of(s, new double[] {1, 0, 1, 1}, new double[] {0, 1}, new long[] {9, 9}, null))
                .hasMessageContaining("duplicate record ID 9");
    }
}
