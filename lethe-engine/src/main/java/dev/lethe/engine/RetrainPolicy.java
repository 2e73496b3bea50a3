package dev.lethe.engine;

import dev.lethe.model.ForgetReceipt;
import java.util.List;
import java.util.Optional;

/**
 * When a model that forgot should rather be retrained from the remaining data: its family reports
 * that its removal budget is spent (receipt detail {@code budgetExhausted=true}, as certified
 * removal methods in the style of Guo et al., ICML 2020, do once accumulated error exceeds their
 * bound), or its held-out accuracy fell by more than the model's configured margin since training
 * (the guard against catastrophic unlearning).
 */
public final class RetrainPolicy {

    /** The receipt detail a family sets to {@code "true"} when further forgets would break its guarantee. */
    public static final String BUDGET_EXHAUSTED = "budgetExhausted";

    private RetrainPolicy() {
    }

    /** The reason to retrain, or empty. */
    public static Optional<String> budgetReason(List<ForgetReceipt> receipts) {
        for (ForgetReceipt r : receipts) {
            if ("true".equalsIgnoreCase(r.details().get(BUDGET_EXHAUSTED))) {
                return Optional.of("the " + r.family() + " family reports its removal budget exhausted");
            }
        }
        return Optional.empty();
    }

    /**
     * The reason to retrain when held-out accuracy ({@link dev.lethe.model.Evaluation#headline()})
     * fell by more than {@code margin}, or empty. An undefined figure (NaN: R² of a constant target)
     * at either end measures nothing and never forces a retrain.
     */
    public static Optional<String> accuracyReason(double baseline, double now, double margin) {
        if (Double.isNaN(baseline) || Double.isNaN(now) || baseline - now <= margin) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "held-out accuracy fell from %.4f to %.4f, more than the margin %.4f", baseline, now, margin));
    }
}
