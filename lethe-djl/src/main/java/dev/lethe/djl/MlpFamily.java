package dev.lethe.djl;

import dev.lethe.model.OptionsException;

/**
 * The {@code mlp} plug-in: a multi-layer perceptron classifier for tabular data on DJL/PyTorch.
 * Settings: {@code hidden} (comma-separated widths, default 128), {@code epochs} (default 10),
 * {@code batch} (default 64), {@code rate} (Adam step, default 0.001), {@code scaling} (feature: standardise each numeric feature;
 * global: one mean and spread for all numeric features, right for pixels), {@code shift} (random image translations of up
 * to this many pixels, for square greyscale images such as MNIST; {@code shift=1} is what lets SISA's small MNIST
 * constituents come within about a point of the monolithic network), both {@code auto} by default, which fits them to
 * the input ({@link NeuralLearner.FitToInput}: global and 1 for square greyscale images, feature and 0 otherwise), and
 * the regularisers of {@link NeuralLearner}, all off by default: {@code decay} (AdamW weight decay λ), {@code dropout}
 * (after each hidden layer) and {@code anneal} (none or cosine). Refuses plain forget requests on its own (approximate methods: {@link NeuralUnlearning}); use it as a SISA base learner
 * ({@code --model sisa --set base=mlp}).
 */
public final class MlpFamily extends NeuralFamilies {

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "multi-layer perceptron on DJL/PyTorch (CPU); cannot forget alone: use as a sisa base (base=mlp)";
    }

    @Override
    String layersKey() {
        return "hidden";
    }

    @Override
    String defaultLayers() {
        return "128";
    }

    @Override
    int defaultEpochs() {
        return 10;
    }

    @Override
    Architecture architecture(int[] layers) {
        if (layers.length < 1 || layers.length > 16) {
            throw new OptionsException("mlp setting 'hidden': expected 1 to 16 widths, got " + layers.length);
        }
        for (int l : layers) {
            if (l < 1 || l > 65536) {
                throw new OptionsException("mlp setting 'hidden': widths must lie in [1, 65536], got " + l);
            }
        }
        return new Architecture.Mlp(layers.clone());
    }
}
