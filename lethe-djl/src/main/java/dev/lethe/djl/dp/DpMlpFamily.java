package dev.lethe.djl.dp;

import dev.lethe.model.OptionsException;
import dev.lethe.model.Settings;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code dp-mlp} family: a multi-layer perceptron trained by DP-SGD to a target (ε, δ), per record.
 * Settings: {@code hidden} (comma-separated widths, default 128) and those of {@link DpNetworkFamily}.
 * {@code lethe train --model mlp --dp epsilon=E,delta=D} selects it.
 */
public final class DpMlpFamily extends DpNetworkFamily {

    public static final String NAME = "dp-mlp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "multi-layer perceptron by DP-SGD (ε, δ per record; RDP accountant); forgets exactly by retraining";
    }

    @Override
    Architecture architecture(Settings s, Map<String, String> normal, DpLayer.Activation activation) {
        String text = s.string("hidden", "128");
        int[] hidden;
        try {
            hidden = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new OptionsException(NAME + " setting 'hidden': expected comma-separated widths such as 128 or 256,64, got "
                    + dev.lethe.model.LetheException.quote(text));
        }
        if (hidden.length < 1 || hidden.length > 16 || Arrays.stream(hidden).anyMatch(h -> h < 1 || h > 65536)) {
            throw new OptionsException(NAME + " setting 'hidden': expected 1 to 16 widths in [1, 65536], got " + text);
        }
        normal.put("hidden", Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        return (schema, width, classes) -> DpNetwork.mlp(width, hidden,
                activation, classes);
    }
}
