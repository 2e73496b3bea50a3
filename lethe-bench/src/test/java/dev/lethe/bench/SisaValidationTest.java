package dev.lethe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SisaValidationTest {

    @Test
    void oneShardOfADeterministicLearnerMatchesItsMonolithicBaseline() {
        Dataset.Split split = RandomData.classification(11, 300, 3, 1, 3).split(0.7, 2);
        SisaValidation.Result one = SisaValidation.compare(Map.of("base", "nb", "shards", "1"), split.first(), split.second(), 5);
        assertThat(one.sisa()).isEqualTo(one.monolithic()).isBetween(0.0, 1.0);
        assertThat(one.gap()).isZero();
        SisaValidation.Result many = SisaValidation.compare(Map.of("base", "nb", "shards", "8"), split.first(), split.second(), 5);
        assertThat(many.monolithic()).isEqualTo(one.monolithic());
        // the sharded figure is an 8-shard ensemble's, trained with the same seed on the same rows
        dev.lethe.model.Model sharded = dev.lethe.model.ModelFamilies.byName("sisa")
                .learner(Map.of("base", "nb", "shards", "8"), 5).fit(split.first());
        assertThat(many.sisa()).isEqualTo(dev.lethe.model.Evaluation.of(sharded, split.second()).accuracy());
    }
}
