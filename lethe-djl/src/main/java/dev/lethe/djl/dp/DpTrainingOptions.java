package dev.lethe.djl.dp;

import dev.lethe.model.OptionsException;
import dev.lethe.privacy.dpsgd.PrivacyUnit;

/**
 * The DP-SGD settings of a network.
 *
 * @param epsilon  the target ε
 * @param delta    δ, in (0, 1)
 * @param clip     the per-example gradient norm bound C
 * @param epochs   passes over the data: steps = ⌈epochs / q⌉
 * @param batch    the expected batch size in units (records or subjects): q = batch / units (Poisson sampling)
 * @param rate     the SGD step size, applied to the noisy sum divided by the expected batch
 * @param momentum heavy-ball momentum of SGD, in [0, 1) (post-processing: costs no privacy)
 * @param scale    the fixed factor numeric features are multiplied by (no data-dependent scaling)
 * @param unit     what the guarantee protects: one record, or one subject with all their records
 */
public record DpTrainingOptions(double epsilon, double delta, double clip, double epochs, int batch, double rate,
                                double momentum, double scale, PrivacyUnit unit) {

    public DpTrainingOptions {
        check(epsilon > 0 && Double.isFinite(epsilon), "epsilon", "a finite number > 0", epsilon);
        check(delta > 0 && delta < 1, "delta", "a number in (0, 1)", delta);
        check(clip > 0 && Double.isFinite(clip), "clip", "a finite number > 0", clip);
        check(epochs > 0 && epochs <= 10_000, "epochs", "a number in (0, 10000]", epochs);
        check(batch >= 1, "batch", "an integer ≥ 1", batch);
        check(rate > 0 && Double.isFinite(rate), "rate", "a finite number > 0", rate);
        check(momentum >= 0 && momentum < 1, "momentum", "a number in [0, 1)", momentum);
        check(scale > 0 && Double.isFinite(scale), "scale", "a finite number > 0", scale);
    }

    private static void check(boolean ok, String name, String expected, double got) {
        if (!ok) {
            throw new OptionsException("DP-SGD setting '" + name + "': expected " + expected + ", got " + got);
        }
    }
}
