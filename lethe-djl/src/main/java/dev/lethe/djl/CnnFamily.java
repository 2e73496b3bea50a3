package dev.lethe.djl;

import dev.lethe.model.OptionsException;

/**
 * The {@code cnn} plug-in: a small LeNet-style convolutional classifier for square greyscale images
 * (e.g. MNIST read from IDX: 784 pixel features) on DJL/PyTorch. Settings: {@code channels} (two
 * convolution widths, default 8,16), {@code epochs} (default 5), {@code batch} (default 64),
 * {@code rate} (default 0.001), and the optional regularisers of {@link NeuralLearner} ({@code decay}, {@code dropout}
 * on the features before the dense layer, {@code anneal}, {@code shift}). Refuses plain forget requests on its own (approximate methods: {@link NeuralUnlearning}); use it
 * under SISA.
 */
public final class CnnFamily extends NeuralFamilies {

    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public String description() {
        return "small convolutional network for square images on DJL/PyTorch (CPU); use as a sisa base (base=cnn)";
    }

    @Override
    String layersKey() {
        return "channels";
    }

    @Override
    String defaultLayers() {
        return "8,16";
    }

    @Override
    String defaultScaling() {
        return "global";
    }

    @Override
    int defaultEpochs() {
        return 5;
    }

    @Override
    Architecture architecture(int[] layers) {
        if (layers.length != 2 || layers[0] < 1 || layers[1] < 1 || layers[0] > 1024 || layers[1] > 1024) {
            throw new OptionsException("cnn setting 'channels': expected two widths in [1, 1024] such as 8,16, got "
                    + java.util.Arrays.toString(layers));
        }
        return new Architecture.Cnn(layers[0], layers[1]);
    }
}
