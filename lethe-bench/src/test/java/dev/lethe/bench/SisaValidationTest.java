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
        assertThat(many.gap()).isEqualTo(many.monolithic() - many.sisa());
    }
}
