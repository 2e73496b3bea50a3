package dev.lethe.awareness.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.TextTable;
import dev.lethe.testing.RepositoryData;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableScannerTest {

    private static TableScanner.Cells cells(List<String> names, String[][] rows) {
        return new TableScanner.Cells() {
            @Override
            public List<String> names() {
                return names;
            }

            @Override
            public int rows() {
                return rows.length;
            }

            @Override
            public String cell(int row, int column) {
                return rows[row][column];
            }
        };
    }

    @Test
    void quasiIdentifiersOfTheGermanCreditDataAreMeasuredOnTheSample() {
        ScanReport r = new TableScanner(TableScanner.DEFAULT_SAMPLE_ROWS, LocalDate.of(2026, 12, 1))
                .scan("credit-g", TextTable.read(RepositoryData.path("credit-g.arff.gz"), StandardCharsets.UTF_8));
        assertThat(r.quasiIdentifiers()).isNotEmpty();
        QuasiIdentifier top = r.quasiIdentifiers().get(0);
        assertThat(top.columns()).contains("age");
        assertThat(top.uniqueShare()).isGreaterThan(0.05).isLessThanOrEqualTo(1);
        assertThat(top.smallestClass()).isEqualTo(1);
        assertThat(top.averageRisk()).isGreaterThanOrEqualTo(top.uniqueShare());
        assertThat(r.quasiIdentifiers()).allSatisfy(q -> assertThat(q.columns().size()).isBetween(1, 3));
    }

    @Test
    void samplesAtMostTheBoundAndReadsSpreadRows() {
        int n = 5000;
        String[][] rows = new String[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = i < n / 2 ? "row" + i : "person" + i + "@example.org";
        }
        ScanReport r = new TableScanner(100, LocalDate.of(2026, 12, 1)).scan("t", cells(List.of("contact"), rows));
        assertThat(r.sampledRows()).isEqualTo(100);
        assertThat(r.column("contact").orElseThrow().types()).as("half the sample is e-mail: below the share needed").isEmpty();
        rows = new String[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = (i / 50) % 25 == 0 ? "n/a" : "person" + i + "@example.org";
        }
        r = new TableScanner(100, LocalDate.of(2026, 12, 1)).scan("t", cells(List.of("contact"), rows));
        assertThat(r.column("contact").orElseThrow().types().get(0).type()).isEqualTo(PiiType.EMAIL);
        assertThat(r.column("contact").orElseThrow().types().get(0).matched()).isEqualTo(96);
    }

    @Test
    void datesOfBirthNeedPlausibleAgesAndEventDatesAreNotBirths() {
        String[][] rows = new String[300][3];
        for (int i = 0; i < 300; i++) {
            LocalDate birth = LocalDate.of(1940 + i % 60, 1 + i % 12, 1 + i % 28);
            rows[i][0] = birth.toString();
            rows[i][1] = LocalDate.of(2026, 1, 1).minusDays(i).toString();
            rows[i][2] = birth.toString();
        }
        ScanReport r = new TableScanner(1000, LocalDate.of(2026, 12, 1)).scan("t", cells(List.of("born_on", "created", "hire_date"), rows));
        assertThat(r.column("born_on").orElseThrow().typeList()).containsExactly(PiiType.DATE_OF_BIRTH);
        assertThat(r.column("created").orElseThrow().typeList()).containsExactly(PiiType.DATE);
        assertThat(r.column("hire_date").orElseThrow().typeList()).containsExactly(PiiType.DATE);
    }
}
