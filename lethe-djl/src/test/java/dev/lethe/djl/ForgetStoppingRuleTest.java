package dev.lethe.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.UnlearnableModel;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stopping rule ({@code stop-at}): a method stops after the first step that leaves the forget set's
 * accuracy at or below the threshold, and {@code epochs} is only a cap; then {@code repair} epochs of
 * fine-tuning on retained samples.
 */
class ForgetStoppingRuleTest {

    static final ForgetRequest CLASS = new ForgetRequest.ClassLabel(NeuralUnlearningTest.FORGOTTEN);

    @BeforeAll
    static void train() {
        NeuralUnlearningTest.train();
    }

    static ForgetReceipt forget(UnlearnableModel model, String method, Map<String, String> settings) {
        return NeuralUnlearning.forget(model, CLASS, method, settings);
    }

    static long steps(ForgetReceipt r) {
        return Long.parseLong(r.details().get("method.steps-taken"));
    }

    /** A cap of 200 epochs; neggrad+ with a stronger ascent than its default so the fixture forgets in a few epochs. */
    static Map<String, String> settings(String method, String stopAt) {
        return method.equals("neggrad+") ? Map.of("stop-at", stopAt, "epochs", "200", "alpha", "0.9")
                : Map.of("stop-at", stopAt, "epochs", "200");
    }

    @Test
    void aThresholdEveryModelMeetsStopsAfterTheFirstStep() {
        ForgetReceipt r = forget(NeuralUnlearningTest.fresh(), "neggrad+", Map.of("stop-at", "1", "epochs", "20"));
        assertThat(steps(r)).isEqualTo(1);
        assertThat(r.details()).containsEntry("method.stop-at", "1.0").containsEntry("method.repair", "0");
    }

    @Test
    void theRuleStopsWhenTheForgetSetReachesTheThresholdWellBeforeTheCap() {
        NeuralUnlearning.Split split = NeuralUnlearning.split(NeuralUnlearningTest.fresh(), CLASS);
        for (String method : new String[] {"neggrad+", "salun", "gradient-ascent"}) {
            UnlearnableModel model = NeuralUnlearningTest.fresh();
            assertThat(NeuralUnlearningTest.accuracy(model, split.forget())).isGreaterThan(0.8);
            ForgetReceipt r = forget(model, method, settings(method, "0.05"));
            double after = NeuralUnlearningTest.accuracy(model, split.forget());
            assertThat(after).as(method + " forget accuracy at the stop").isLessThanOrEqualTo(0.05);
            // 200 epochs would be thousands of steps; the rule fired long before
            assertThat(steps(r)).as(method + " steps").isBetween(2L, 400L);
            // a tighter threshold needs at least as many steps
            ForgetReceipt tighter = forget(NeuralUnlearningTest.fresh(), method, settings(method, "0"));
            assertThat(steps(tighter)).as(method + " steps to 0").isGreaterThanOrEqualTo(steps(r));
        }
    }

    @Test
    void theRepairRestoresRetainedAccuracyAndIsDeterministic() {
        NeuralUnlearning.Split split = NeuralUnlearning.split(NeuralUnlearningTest.fresh(), CLASS);
        UnlearnableModel stopped = NeuralUnlearningTest.fresh();
        UnlearnableModel repaired = NeuralUnlearningTest.fresh();
        UnlearnableModel again = NeuralUnlearningTest.fresh();
        Map<String, String> base = Map.of("stop-at", "0", "epochs", "50", "alpha", "0.5", "retain", "1");
        Map<String, String> withRepair = Map.of("stop-at", "0", "epochs", "50", "alpha", "0.5", "repair", "2", "retain", "1");
        forget(stopped, "neggrad+", base);
        ForgetReceipt r = forget(repaired, "neggrad+", withRepair);
        forget(again, "neggrad+", withRepair);
        NeuralModelTest.assertSameWeights(repaired, again);
        assertThat(r.details()).containsEntry("method.repair", "2");
        assertThat(NeuralUnlearningTest.accuracy(repaired, split.retain()))
                .isGreaterThan(NeuralUnlearningTest.accuracy(stopped, split.retain()));
        assertThat(NeuralUnlearningTest.accuracy(repaired, split.forget())).isLessThan(0.1);
    }

    @Test
    void stepsWithSgdAreCountedToo() {
        ForgetReceipt first = forget(NeuralUnlearningTest.fresh(), "neggrad+", Map.of("stop-at", "1", "epochs", "20", "optimizer", "sgd"));
        assertThat(steps(first)).isEqualTo(1);
        // a threshold never met runs to the cap: every step of the one epoch is counted
        ForgetReceipt capped = forget(NeuralUnlearningTest.fresh(), "neggrad+",
                Map.of("stop-at", "0", "epochs", "1", "optimizer", "sgd", "rate", "1e-6"));
        assertThat(steps(capped)).isGreaterThan(1);
    }

    @Test
    void gradientAscentSamplesRetainedRowsOnlyForItsRepair() {
        UnlearningMethod.Configured repaired = UnlearningMethod.GRADIENT_ASCENT.configure(Map.of("repair", "1", "retain", "0.3"), 1, 32);
        assertThat(repaired.retain()).isEqualTo(0.3);
        assertThat(repaired.settings()).containsEntry("retain", "0.3");
        assertThat(UnlearningMethod.GRADIENT_ASCENT.configure(Map.of(), 1, 32).settings()).doesNotContainKey("retain");
        assertThatThrownBy(() -> UnlearningMethod.GRADIENT_ASCENT.configure(Map.of("retain", "0.3"), 1, 32))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("retain");
    }

    @Test
    void aThresholdOutsideZeroToOneIsAClearErrorAndTheRuleIsOffByDefault() {
        assertThatThrownBy(() -> UnlearningMethod.NEGGRAD_PLUS.configure(Map.of("stop-at", "1.5"), 1, 32))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("stop-at");
        assertThatThrownBy(() -> UnlearningMethod.SCRUB.configure(Map.of("stop-at", "0.1"), 1, 32))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("stop-at");
        UnlearningMethod.Configured c = UnlearningMethod.NEGGRAD_PLUS.configure(Map.of(), 1, 32);
        assertThat(c.stops()).isFalse();
        assertThat(c.settings()).containsEntry("stop-at", "off");
    }
}
