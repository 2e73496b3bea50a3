package dev.lethe.privacy.dpsgd;

import dev.lethe.model.OptionsException;
import java.util.function.UnaryOperator;

/**
 * The checks every DP-SGD training makes of its settings, in one place, so that {@code dp-logistic} and the
 * networks ({@code dp-mlp}, {@code dp-cnn}) refuse the same budgets and schedules alike; each names a
 * setting in its own words ({@code label}).
 */
public final class DpSettings {

    private DpSettings() {
    }

    /** Checks the budget (ε, δ), the clip and the schedule shared by every DP-SGD training. */
    public static void check(UnaryOperator<String> label, double epsilon, double delta, double clip, double epochs, int batch,
                             double rate, double scale) {
        require(label, epsilon > 0 && Double.isFinite(epsilon), "epsilon", "a finite number > 0", epsilon);
        require(label, delta > 0 && delta < 1, "delta", "a number in (0, 1)", delta);
        require(label, clip > 0 && Double.isFinite(clip), "clip", "a finite number > 0", clip);
        require(label, epochs > 0 && epochs <= 10_000, "epochs", "a number in (0, 10000]", epochs);
        require(label, batch >= 1, "batch", "an integer ≥ 1", batch);
        require(label, rate > 0 && Double.isFinite(rate), "rate", "a finite number > 0", rate);
        require(label, scale > 0 && Double.isFinite(scale), "scale", "a finite number > 0", scale);
    }

    /** @throws OptionsException naming the setting, what it must be and what it was, when {@code ok} is false */
    public static void require(UnaryOperator<String> label, boolean ok, String name, String expected, double got) {
        if (!ok) {
            throw new OptionsException(label.apply(name) + ": expected " + expected + ", got " + got);
        }
    }
}
