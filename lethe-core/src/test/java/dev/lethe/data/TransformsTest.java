package dev.lethe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.testing.RandomData;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformsTest {

    final Dataset data = RandomData.classification(3, 200, 4, 0, 3);

    @Test
    void onlyClassesKeepsThoseRowsWithTheirIdsAndANewDictionary() {
        Dataset two = Transforms.onlyClasses(data, List.of("class2", "class0"));
        assertThat(two.schema().classes()).containsExactly("class2", "class0");
        int expected = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) != 1) {
                expected++;
            }
        }
        assertThat(two.size()).isEqualTo(expected);
        for (int i = 0; i < two.size(); i++) {
            int original = java.util.Arrays.stream(data.recordIds()).boxed().toList().indexOf(two.recordId(i));
            assertThat(two.schema().classes().get(two.label(i))).isEqualTo(data.schema().classes().get(data.label(original)));
            assertThat(two.row(i)).containsExactly(data.row(original));
            assertThat(two.subjectId(i)).isEqualTo(data.subjectId(original));
        }
        assertThatThrownBy(() -> Transforms.onlyClasses(data, List.of("nope"))).hasMessageContaining("unknown class 'nope'");
    }

    @Test
    void unitRowsHaveNormOneAndStandardisedColumnsHaveMeanZero() {
        Dataset shifted = Transforms.mapRows(data, row -> {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.abs(row[j]);
            }
            return row;
        });
        Dataset unit = Transforms.unitRows(shifted);
        for (int i = 0; i < unit.size(); i++) {
            double s = 0;
            for (double v : unit.row(i)) {
                s += v * v;
            }
            assertThat(s).isCloseTo(1, within(1e-12));
        }
        Dataset z = Transforms.log1pStandardised(shifted);
        for (int j = 0; j < z.numFeatures(); j++) {
            double mean = 0;
            for (int i = 0; i < z.size(); i++) {
                mean += z.value(i, j) / z.size();
            }
            assertThat(mean).isCloseTo(0, within(1e-9));
        }
        assertThat(Transforms.divided(shifted, 4).value(7, 2)).isEqualTo(shifted.value(7, 2) / 4);
        assertThat(unit.recordIds()).containsExactly(data.recordIds());
    }
}
