package dev.lethe.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.testing.AuditData;
import dev.lethe.audit.testing.KernelFamily;
import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFamilies;
import dev.lethe.testing.RandomData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeletionCurvesTest {

    @Test
    void measuresUtilityAfterEachStepAndTimesEveryForget() {
        Dataset train = AuditData.noisy(1, 40, 0);
        Dataset test = AuditData.noisy(2, 40, 1000);
        DeletionCurve c = DeletionCurves.measure("test-kernel", ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1),
                train, test, 4, 3, 9);
        assertThat(c.deletions()).containsExactly(0, 3, 6, 9, 12);
        assertThat(c.utility()).hasSize(5);
        for (double u : c.utility()) {
            assertThat(u).isBetween(0.0, 1.0);
        }
        assertThat(c.latencyNanos()).hasSize(12);
        assertThat(c.note()).isEmpty();
    }

    @Test
    void stopsWhenTheDataRunsOutAndNeverForgetsTheLastRecord() {
        Dataset train = AuditData.noisy(1, 5, 0);
        Dataset test = AuditData.noisy(2, 10, 1000);
        DeletionCurve c = DeletionCurves.measure("test-kernel", ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1),
                train, test, 10, 3, 9);
        assertThat(c.deletions()).containsExactly(0, 3, 4);
        assertThat(c.latencyNanos()).hasSize(4);
    }

    @Test
    void aFamilyThatCannotFitTheDataGivesAnEmptyCurveWithAReason() {
        Dataset regression = RandomData.regression(1, 20, 2, 0);
        DeletionCurve c = DeletionCurves.measure("test-kernel", ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1),
                regression, regression, 3, 2, 1);
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.note()).startsWith("not applicable: ").contains("regression");
    }
}
