package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingHintsTest {

    @Test
    void sisaOverANetworkWithDefaultEpochsAndBatchIsToldWhatToSet() {
        assertThat(TrainingHints.of("sisa", Map.of("base", "mlp", "shards", "16")))
                .hasValueSatisfying(h -> assertThat(h).contains("--set base.epochs=20 --set base.batch=32"));
        assertThat(TrainingHints.of("sisa", Map.of("base", "cnn", "base.epochs", "20"))).isPresent();
    }

    @Test
    void nothingToSayWhenTheSettingsAreGivenOrTheBaseIsNoNetwork() {
        assertThat(TrainingHints.of("sisa", Map.of("base", "mlp", "base.epochs", "20", "base.batch", "32"))).isEmpty();
        assertThat(TrainingHints.of("sisa", Map.of())).isEmpty();
        assertThat(TrainingHints.of("sisa", Map.of("base", "forest"))).isEmpty();
        assertThat(TrainingHints.of("mlp", Map.of())).isEmpty();
    }
}
