package dev.lethe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.report.UnlearnReport;
import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.testing.RepositoryData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnlearnBenchmarkTest {

    static Dataset first(Dataset d, int from, int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> from + i);
        return d.select(rows);
    }

    @Test
    void theForgetSetsAreAClassATenthAndOnePercentAsWholeSubjects() {
        Dataset digits = first(IdxReader.readTestSplit(RepositoryData.path("mnist")), 0, 2000);
        int seven = digits.schema().target().levelIndex("7");
        int[] cls = UnlearnBenchmark.forgetRows("class", digits, 1);
        assertThat(Arrays.stream(cls).allMatch(i -> digits.label(i) == seven)).isTrue();
        assertThat(cls.length).isEqualTo((int) java.util.stream.IntStream.range(0, 2000).filter(i -> digits.label(i) == seven).count());
        assertThat(UnlearnBenchmark.forgetRows("random", digits, 1).length).isBetween(150, 250);
        int[] subjects = UnlearnBenchmark.forgetRows("subject", digits, 1);
        assertThat(subjects).hasSize(20);
        assertThat(Arrays.stream(subjects).map(i -> i / UnlearnBenchmark.SUBJECT_SIZE).distinct().count()).isEqualTo(2);
        assertThat(UnlearnBenchmark.forgetRows("random", digits, 2)).isNotEqualTo(UnlearnBenchmark.forgetRows("random", digits, 1));
    }

    @Test
    void aSmallRunReportsEveryMethodAgainstRetrainingWithTheTargetsAndCharts() {
        Dataset all = IdxReader.readTestSplit(RepositoryData.path("mnist"));
        Dataset train = first(all, 0, 300);
        Dataset test = first(all, 300, 100);
        Map<String, Map<String, String>> methods = new LinkedHashMap<>();
        methods.put("finetune", Map.of("epochs", "1"));
        methods.put("gradient-ascent", Map.of());
        // a second setting of the same method in the same run, under its own label
        methods.put("gradient-ascent/stopped", Map.of("stop-at", "0.5"));
        UnlearnBenchmark.Config config = new UnlearnBenchmark.Config(List.of("mlp"),
                Map.of("mlp", Map.of("hidden", "8", "epochs", "2")), List.of("class", "random"), methods, 2, 3);
        List<String> progress = new ArrayList<>();
        List<UnlearnBenchmark.Row> rows = UnlearnBenchmark.run(config, train, test, progress::add);
        assertThat(rows).extracting(UnlearnBenchmark.Row::method)
                .containsExactly("retrain", "original", "finetune", "gradient-ascent", "gradient-ascent/stopped",
                        "retrain", "original", "finetune", "gradient-ascent", "gradient-ascent/stopped");
        assertThat(progress).hasSize(4);
        UnlearnBenchmark.Row retrainClass = rows.get(0);
        assertThat(retrainClass.forgetAccuracy()).isZero();
        assertThat(retrainClass.quality()).isNaN();
        assertThat(retrainClass.timeRatio()).isEqualTo(1);
        UnlearnBenchmark.Row original = rows.get(1);
        assertThat(original.forgetAccuracy()).as("the control still knows the class it was trained on").isGreaterThan(0);
        assertThat(original.medianSeconds()).isZero();
        assertThat(UnlearnMarkdown.target(original, rows)).isEqualTo("control (no unlearning)");
        for (UnlearnBenchmark.Row r : rows.subList(1, 5)) {
            assertThat(r.quality()).isBetween(0.0, 1.0);
            assertThat(r.qualityLow()).isLessThanOrEqualTo(r.qualityHigh());
            assertThat(r.runs()).isEqualTo(2);
        }
        String md = UnlearnMarkdown.of("notes", rows);
        assertThat(md).contains("## mlp / class").contains("## mlp / random").contains("| retrain |").contains("reference");
        assertThat(md.split("\\| (met \\||missed \\()", -1).length - 1).isEqualTo(6);
        String html = UnlearnReport.html("t", "notes", rows.stream().map(UnlearnBenchmark.Row::entry).toList());
        assertThat(html.split("<img class=\"chart\"", -1).length - 1).isEqualTo(4);
        assertThat(html).contains("original");
    }

    @Test
    void theTargetsAreTheIssues() {
        UnlearnBenchmark.Row ref = row("class", "retrain", 1, 0, 0.95, 0.90, 0.5);
        assertThat(UnlearnMarkdown.target(row("class", "m", 0.05, 0.009, 0.945, 0.895, 0.5), List.of(ref))).isEqualTo("met");
        assertThat(UnlearnMarkdown.target(row("class", "m", 0.2, 0.009, 0.945, 0.895, 0.5), List.of(ref))).isEqualTo("missed (time)");
        assertThat(UnlearnMarkdown.target(row("class", "m", 0.05, 0.02, 0.93, 0.895, 0.5), List.of(ref)))
                .isEqualTo("missed (forget acc, retain acc)");
        UnlearnBenchmark.Row rnd = row("random", "retrain", 1, 0.9, 0.95, 0.90, 0.55);
        assertThat(UnlearnMarkdown.target(row("random", "m", 0.15, 0.9, 0.9, 0.905, 0.56), List.of(rnd))).isEqualTo("met");
        assertThat(UnlearnMarkdown.target(row("random", "m", 0.15, 0.9, 0.9, 0.905, 0.6), List.of(rnd))).isEqualTo("missed (MIA AUC)");
    }

    private static UnlearnBenchmark.Row row(String scenario, String method, double ratio, double forget, double retain, double test,
                                            double auc) {
        return new UnlearnBenchmark.Row("mlp", scenario, method, 2, 10, ratio, 1, forget, retain, test, auc, 0.5, 0.4, 0.6, 1);
    }
}
