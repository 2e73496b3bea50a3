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
    }

    /**
     * A memorising base judged on its own training rows: 1-NN alone is right on every row, but split
     * over 8 shards each row is known to one shard only and is outvoted where the other seven's
     * nearest neighbours disagree; so the sharded figure must fall below the monolithic one.
     */
    @Test
    void theShardedFigureComesFromTheShardsAndTheMonolithicOneFromAllRows() {
        Dataset train = RandomData.classification(11, 240, 3, 0, 3);
        SisaValidation.Result r = SisaValidation.compare(Map.of("base", "knn", "base.k", "1", "shards", "8"), train, train, 5);
        assertThat(r.monolithic()).isEqualTo(1.0);
        assertThat(r.sisa()).isLessThan(0.95);
        assertThat(r.gap()).isGreaterThan(0.05);
    }
}
