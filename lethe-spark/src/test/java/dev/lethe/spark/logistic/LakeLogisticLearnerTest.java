package dev.lethe.spark.logistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ModelFamilies;
import dev.lethe.model.OptionsException;
import dev.lethe.model.RefusedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeLogisticLearnerTest {

    @Test
    void theFamilyIsFoundByNameAndItsSettingsAreChecked() {
        assertThat(ModelFamilies.byName("lake-logistic")).isInstanceOf(LakeLogisticFamily.class);
        LakeLogisticLearner learner = (LakeLogisticLearner) ModelFamilies.byName("lake-logistic")
                .learner(Map.of("lambda", "0.5"), 3L);
        assertThat(learner.settings()).containsExactly(Map.entry("lambda", "0.5"));
        assertThatThrownBy(() -> new LakeLogisticLearner(Map.of("lambda", "0"), 1L))
                .isInstanceOf(OptionsException.class).hasMessageContaining("lambda").hasMessageContaining("> 0");
        assertThatThrownBy(() -> new LakeLogisticLearner(Map.of("lambda", "x"), 1L))
                .isInstanceOf(OptionsException.class).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> new LakeLogisticLearner(Map.of("lamda", "1"), 1L))
                .isInstanceOf(OptionsException.class).hasMessageContaining("unknown setting 'lamda'");
        // the rows live in the lake: there is nothing in memory to train on
        assertThatThrownBy(() -> learner.fit(null)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("lethe spark train");
    }
}
