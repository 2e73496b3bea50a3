/**
 * Neural-network classifiers on DJL (Deep Java Library) with the PyTorch CPU engine, run offline:
 * a multi-layer perceptron for tabular data ({@code mlp}) and a small convolutional network for
 * square greyscale images such as MNIST ({@code cnn}, LeCun et al., "Gradient-based learning applied
 * to document recognition", Proc. IEEE 1998). Training is Adam (Kingma and Ba, ICLR 2015) on
 * mini-batches whose order, like the initial weights, comes only from the model's seed; PyTorch runs
 * single-threaded, so the same seed and data give bit-identical weights. Optional regularisers (weight
 * decay, dropout, cosine annealing, random image shifts; {@link dev.lethe.djl.NeuralLearner}) draw their
 * randomness from the same seed.
 *
 * <p>A neural network has no decremental update, so these families refuse forget requests on their
 * own; they are {@link dev.lethe.model.IncrementalLearner incremental} (a checkpoint holds weights,
 * optimiser moments and input scaling), which makes them exactly unlearnable as SISA constituents
 * (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021): {@code --model sisa --set base=mlp}.
 */
package dev.lethe.djl;
