package dev.lethe.privacy.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReidentificationRiskTest {

    /** Classes by (age, sex): sizes 1, 2, 3 and 4 → 10 records, 4 classes. */
    private static TextTable sample() {
        return table("s.csv", new int[] {1, 2, 3, 4});
    }

    private static TextTable table(String name, int[] sizes) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                rows.add(new String[] {String.valueOf(30 + c), c % 2 == 0 ? "f" : "m", "x" + rows.size()});
                lines.add(rows.size() + 1);
            }
        }
        return new TextTable(name, List.of("age", "sex", "other"), rows, lines);
    }

    @Test
    void prosecutorMarketerAndUniquenessFromClassSizes() {
        ReidentificationRisk r = ReidentificationRisk.of(sample(), List.of("age", "sex"), null, 0.4);
        assertThat(r.classes()).isEqualTo(4);
        assertThat(r.prosecutor().highest()).isEqualTo(1.0);
        assertThat(r.prosecutor().average()).isCloseTo(4 / 10.0, within(1e-12));
        assertThat(r.prosecutor().recordsAtRisk()).isCloseTo(3 / 10.0, within(1e-12)); // risks 1 and 1/2 exceed 0.4
        assertThat(r.marketer()).isCloseTo(4 / 10.0, within(1e-12));
        assertThat(r.sampleUniqueness()).isCloseTo(0.1, within(1e-12));
        assertThat(r.journalist()).isEqualTo(r.prosecutor());
    }

    @Test
    void journalistAndMarketerAgainstAPopulation() {
        TextTable population = table("p.csv", new int[] {2, 4, 3, 8});
        ReidentificationRisk r = ReidentificationRisk.of(sample(), List.of("age", "sex"), population, 0.4);
        assertThat(r.journalist().highest()).isEqualTo(0.5);
        assertThat(r.journalist().average()).isCloseTo((1 * 0.5 + 2 * 0.25 + 3 / 3.0 + 4 / 8.0) / 10, within(1e-12));
        assertThat(r.journalist().recordsAtRisk()).isCloseTo(0.1, within(1e-12)); // only the unique record: 1/2 > 0.4
        assertThat(r.marketer()).isCloseTo((0.5 + 0.5 + 1 + 0.5) / 10, within(1e-12));
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ReidentificationRisk.of(sample(), List.of("zip"), null, 0.2)).isInstanceOf(DataException.class)
                .hasMessageContaining("zip");
        assertThatThrownBy(() -> ReidentificationRisk.of(sample(), List.of("age"), null, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--threshold");
        assertThatThrownBy(() -> ReidentificationRisk.of(sample(), List.of("age", "sex"), table("p.csv", new int[] {1, 1, 3, 4}), 0.2))
                .isInstanceOf(DataException.class).hasMessageContaining("population");
    }
}
