package dev.lethe.djl.dp;

import dev.lethe.model.OptionsException;
import dev.lethe.model.Settings;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code dp-cnn} family: the tanh CNN of Papernot et al. ("Tempered sigmoid activations for deep
 * learning with differential privacy", AAAI 2021) for square greyscale images, trained by DP-SGD to a
 * target (ε, δ), per record. Settings: {@code channels} (the two convolutions' widths, default 16,32),
 * {@code hidden} (the dense layer's width, default 32) and those of {@link DpNetworkFamily}.
 * {@code lethe train --model cnn --dp epsilon=E,delta=D} selects it.
 */
public final class DpCnnFamily extends DpNetworkFamily {

    public static final String NAME = "dp-cnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "convolutional network for square images by DP-SGD (ε, δ per record; RDP accountant); forgets exactly by retraining";
    }

    @Override
    Architecture architecture(Settings s, Map<String, String> normal, DpLayer.Activation activation) {
        String text = s.string("channels", "16,32");
        int[] channels;
        try {
            channels = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            channels = new int[0];
        }
        if (channels.length != 2 || channels[0] < 1 || channels[1] < 1 || channels[0] > 1024 || channels[1] > 1024) {
            throw new OptionsException(NAME + " setting 'channels': expected two widths in [1, 1024] such as 16,32, got "
                    + dev.lethe.model.LetheException.quote(text));
        }
        int hidden = s.intValue("hidden", 32, 1, 65536);
        normal.put("channels", channels[0] + "," + channels[1]);
        normal.put("hidden", Integer.toString(hidden));
        int c1 = channels[0];
        int c2 = channels[1];
        return (schema, width, classes) -> {
            if (!DpInputs.images(schema) || width != schema.numFeatures()) {
                throw new dev.lethe.data.DataException(NAME + " expects square greyscale images (side × side numeric pixel features), got "
                        + schema.numFeatures() + " features");
            }
            return DpNetwork.cnn((int) Math.round(Math.sqrt(width)), c1, c2, hidden,
                    activation, classes);
        };
    }
}
