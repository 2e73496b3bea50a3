package dev.lethe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFamilies;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForgetBenchmarkTest {

    @Test
    void aFamilyWithABaselineIsComparedWithItsMonolithicLearnerOnHeldOutData() {
        Dataset all = RandomData.classification(3, 400, 3, 1, 3);
        Dataset.Split split = all.split(0.75, 3);
        List<String> stages = new ArrayList<>();
        BenchResult r = ForgetBenchmark.run(ModelFamilies.byName("sisa"), Map.of("base", "nb", "shards", "4"), split.first(),
                split.second(), new ForgetBenchmark.Plan(2, 10, 1, 7), stages::add);
        Map<String, Object> m = r.toMap();
        assertThat(m).containsKeys("speedup", "forget_p50_us", "refit_ms", "accuracy", "accuracy_monolithic",
                "forget_total_ms", "refit_after_each_total_ms_est", "fit_ms");
        assertThat(m.get("refit_model")).isEqualTo("nb");
        assertThat((double) m.get("accuracy")).isBetween(0.0, 1.0);
        assertThat(m.get("test_rows")).isEqualTo(split.second().size());
        assertThat(stages).anyMatch(s -> s.contains("monolithic nb"));
    }

    @Test
    void warmUpRunsOnACopySoTheMeasuredModelLosesNoRecordBeforeTiming() {
        Dataset data = RandomData.classification(5, 300, 2, 1, 2);
        List<String> stages = new ArrayList<>();
        BenchResult r = ForgetBenchmark.run(ModelFamilies.byName("forest"), Map.of("trees", "3"), data,
                new ForgetBenchmark.Plan(120, 20, 1, 7), stages::add);
        assertThat(r.extra()).containsEntry("warmup_forgets", 120).containsEntry("records_lost_before_timing", 0);
        assertThat(stages).anyMatch(s -> s.contains("on copies"));

        // 300 rows and 20 timed forgets leave 279 records a copy may forget: a longer warm-up takes fresh copies
        BenchResult long_ = ForgetBenchmark.run(ModelFamilies.byName("nb"), Map.of(), data,
                new ForgetBenchmark.Plan(700, 20, 1, 7), s -> { });
        assertThat(long_.extra()).containsEntry("warmup_forgets", 700).containsEntry("records_lost_before_timing", 0);

        // a warm-up of at most 1% of the records runs on the measured model, and the output says what it lost
        BenchResult small = ForgetBenchmark.run(ModelFamilies.byName("nb"), Map.of(), data,
                new ForgetBenchmark.Plan(3, 20, 1, 7), s -> { });
        assertThat(small.extra()).containsEntry("warmup_forgets", 3).containsEntry("records_lost_before_timing", 3);
    }

    @Test
    void withoutBaselineOrTestSetTheOutputKeepsTheFoundationKeys() {
        Dataset data = RandomData.classification(4, 300, 2, 0, 2);
        BenchResult r = ForgetBenchmark.run(ModelFamilies.byName("nb"), Map.of(), data, new ForgetBenchmark.Plan(2, 10, 1, 7),
                s -> { });
        assertThat(r.toMap()).containsKeys("model", "rows", "forgets", "forget_p50_us", "forget_p99_us", "forget_max_us",
                "refit_ms", "speedup").doesNotContainKeys("accuracy", "accuracy_monolithic", "refit_model");
    }
}
