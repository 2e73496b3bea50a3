package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.RefusedException;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrivacyBudgetsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void spendsAddUpAndAQueryPastTheBudgetIsRefusedWithNothingRecorded(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            home.registry().datasets().importDataset("d", RandomData.regression(1, 20, 2, 0), Map.of());
            PrivacyBudgets budgets = new PrivacyBudgets(home.registry());
            assertThatThrownBy(() -> budgets.spend("d", 0.1, 0, "count")).isInstanceOf(RefusedException.class)
                    .hasMessageContaining("no privacy budget");
            budgets.set("d", 1.0, 1e-6);
            budgets.spend("d", 0.5, 0, "count");
            PrivacyBudgets.Budget after = budgets.spend("d", 0.4, 5e-7, "mean(x)");
            assertThat(after.spentEpsilon()).isCloseTo(0.9, within(1e-12));
            assertThat(after.releases()).isEqualTo(2);
            assertThatThrownBy(() -> budgets.spend("d", 0.2, 0, "sum(x)")).isInstanceOf(RefusedException.class)
                    .hasMessageContaining("remain");
            assertThatThrownBy(() -> budgets.spend("d", 0.05, 1e-6, "count")).isInstanceOf(RefusedException.class);
            assertThat(budgets.find("d").orElseThrow().releases()).isEqualTo(2);
            budgets.spend("d", 0.1, 0, "count");
            assertThat(budgets.find("d").orElseThrow().remainingEpsilon()).isCloseTo(0, within(1e-9));
            assertThatThrownBy(() -> budgets.set("d", 0.5, 1e-6)).isInstanceOf(RefusedException.class).hasMessageContaining("already spent");
            assertThatThrownBy(() -> budgets.set("d", 0, 0)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> budgets.find("nope")).isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(dev.lethe.model.LetheException.Kind.NOT_FOUND));
        }
    }
}
