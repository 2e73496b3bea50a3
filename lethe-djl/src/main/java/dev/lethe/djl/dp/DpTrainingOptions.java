package dev.lethe.djl.dp;

import dev.lethe.privacy.dpsgd.DpSettings;
import dev.lethe.privacy.dpsgd.PrivacyUnit;
import java.util.function.UnaryOperator;

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
        UnaryOperator<String> label = name -> "DP-SGD setting '" + name + "'";
        DpSettings.check(label, epsilon, delta, clip, epochs, batch, rate, scale);
        DpSettings.require(label, momentum >= 0 && momentum < 1, "momentum", "a number in [0, 1)", momentum);
    }
}
