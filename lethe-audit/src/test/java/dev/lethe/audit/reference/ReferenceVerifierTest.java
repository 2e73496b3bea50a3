package dev.lethe.audit.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceVerifierTest {

    @Test
    void twoSidedNormalTailsMatchTheTables() {
        assertThat(ReferenceVerifier.twoSided(0)).isCloseTo(1, within(1e-6));
        assertThat(ReferenceVerifier.twoSided(1.959964)).isCloseTo(0.05, within(1e-5));
        assertThat(ReferenceVerifier.twoSided(-2.575829)).isCloseTo(0.01, within(1e-5));
        assertThat(ReferenceVerifier.twoSided(6)).isLessThan(1e-8);
    }

    @Test
    void theVerdictStatesItsConfidenceAndEveryCheckOnTheReceipt() {
        ReferenceVerdict v = new ReferenceVerdict(List.of(new ReferenceVerdict.Check("forget_accuracy", 0.9, 0, 0.02, 45, 0),
                new ReferenceVerdict.Check("retain_accuracy", 0.95, 0.95, 0.01, 0, 1)), 0, true, 0.05, 0.93, 3);
        assertThat(v.summary()).contains("distinguishable from 3 retrained references with confidence 1.000")
                .contains("forget_accuracy differs most");
        assertThat(v.details("verify.")).containsEntry("verify.verdict", "distinguishable").containsEntry("verify.references", "3")
                .containsKey("verify.forget_accuracy").containsEntry("verify.lira_auc", "0.9300");
    }
}
