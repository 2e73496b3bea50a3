package dev.lethe.audit.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.testing.AuditData;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class PopulationTest {

    @Test
    void concatenatesTrainingAndHeldOutEvenWhenTheirRecordIdsCollide() {
        Dataset train = AuditData.noisy(1, 10, 0);
        Dataset test = AuditData.noisy(2, 5, 0);
        Population p = Population.of(train, test, Map.of(3L, 1.0 - train.target(3)));
        assertThat(p.size()).isEqualTo(15);
        assertThat(p.trainSize()).isEqualTo(10);
        assertThat(p.recordId(p.heldOutRow(4))).isEqualTo(4);
        assertThat(p.recordId(p.trainRow(4))).isEqualTo(4);
        assertThat(p.isTraining(9)).isTrue();
        assertThat(p.isTraining(10)).isFalse();
        assertThat(p.data().value(12, 1)).isEqualTo(test.value(2, 1));
        // the relabel applies to the training part only
        assertThat(p.data().target(3)).isEqualTo(1.0 - train.target(3));
        assertThat(p.data().target(13)).isEqualTo(test.target(3));
    }

    @Test
    void rejectsHeldOutDataOfAnotherShape() {
        Dataset train = AuditData.noisy(1, 10, 0);
        Dataset other = RandomData.classification(1, 10, 2, 0, 2);
        assertThatThrownBy(() -> Population.of(train, other, Map.of())).isInstanceOf(DataException.class)
                .hasMessageContaining("held-out");
    }

    @Test
    void workersReturnResultsInOrderAndRethrowFailures() {
        try (Workers w = new Workers(2)) {
            List<Callable<Integer>> jobs = List.of(() -> 1, () -> 2, () -> 3);
            assertThat(w.all(jobs)).containsExactly(1, 2, 3);
            List<Callable<Integer>> failing = List.of(() -> 1, () -> {
                throw new DataException("boom");
            });
            assertThatThrownBy(() -> w.all(failing)).isInstanceOf(DataException.class).hasMessage("boom");
        }
        assertThatThrownBy(() -> new Workers(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
