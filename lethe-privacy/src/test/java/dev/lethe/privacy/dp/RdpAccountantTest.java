package dev.lethe.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.model.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The accountant against TF Privacy's published MNIST points (60,000 examples, batches of 256,
 * δ = 1e-5, steps = ⌈epochs · 60000 / 256⌉), with the default orders 1.1, 1.2, …, 10.9 and 12, …, 63
 * and the classic RDP-to-DP conversion those figures were computed with.
 */
class RdpAccountantTest {

    private static final double Q = 256.0 / 60_000;
    private final RdpAccountant accountant = new RdpAccountant();

    private static long steps(int epochs) {
        return (long) Math.ceil(epochs * 60_000.0 / 256);
    }

    @ParameterizedTest
    @CsvSource({"1.12, 60, 2.92", "0.6, 30, 9.74", "1.2, 10, 1.20"})
    void agreesWithTfPrivacyWithinThreePercent(double sigma, int epochs, double published) {
        double eps = accountant.epsilon(Q, sigma, steps(epochs), 1e-5).epsilon();
        assertThat(eps).isCloseTo(published, within(0.03 * published));
    }

    @ParameterizedTest
    @CsvSource({"1.12, 60, 2.92", "0.6, 30, 9.74", "1.2, 10, 1.20"})
    void inverseGivesTheNoiseForATargetEpsilon(double sigma, int epochs, double published) {
        double found = accountant.sigmaFor(published, Q, steps(epochs), 1e-5);
        assertThat(found).isCloseTo(sigma, within(0.03 * sigma));
        assertThat(accountant.epsilon(Q, found, steps(epochs), 1e-5).epsilon()).isLessThanOrEqualTo(published);
    }

    @Test
    void theImprovedConversionIsNeverLooser() {
        RdpAccountant improved = new RdpAccountant(RdpAccountant.DEFAULT_ORDERS, RdpAccountant.Conversion.IMPROVED);
        for (double sigma : new double[] {0.6, 1.12, 2}) {
            double classic = accountant.epsilon(Q, sigma, steps(30), 1e-5).epsilon();
            assertThat(improved.epsilon(Q, sigma, steps(30), 1e-5).epsilon()).isLessThan(classic).isGreaterThan(0.7 * classic);
        }
    }

    @Test
    void numericIntegralMatchesTheBinomialSumAtIntegerOrders() {
        for (int alpha = 2; alpha <= 40; alpha += 7) {
            for (double sigma : new double[] {0.6, 1.1, 4}) {
                assertThat(RdpAccountant.logAIntegral(0.01, sigma, alpha))
                        .isCloseTo(RdpAccountant.logABinomial(0.01, sigma, alpha), within(1e-9 + 1e-9 * alpha));
            }
        }
    }

    @Test
    void withoutSubsamplingTheGaussianMechanismHasItsClosedFormRdp() {
        assertThat(RdpAccountant.stepRdp(1, 2, 5)).isEqualTo(5 / 8.0);
    }

    @Test
    void moreNoiseOrFewerStepsNeverCostMore() {
        double base = accountant.epsilon(Q, 1.0, 1000, 1e-5).epsilon();
        assertThat(accountant.epsilon(Q, 1.5, 1000, 1e-5).epsilon()).isLessThan(base);
        assertThat(accountant.epsilon(Q, 1.0, 500, 1e-5).epsilon()).isLessThan(base);
    }

    @Test
    void badParametersAreRefused() {
        assertThatThrownBy(() -> accountant.epsilon(0, 1, 10, 1e-5)).isInstanceOf(InvalidInputException.class).hasMessageContaining("q");
        assertThatThrownBy(() -> accountant.epsilon(0.1, -1, 10, 1e-5)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> accountant.epsilon(0.1, 1, 10, 0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("δ");
        assertThatThrownBy(() -> accountant.sigmaFor(0, 0.1, 10, 1e-5)).isInstanceOf(InvalidInputException.class).hasMessageContaining("ε");
    }
}
