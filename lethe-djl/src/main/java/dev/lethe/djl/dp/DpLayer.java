package dev.lethe.djl.dp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * One layer of a DP-SGD network: its forward pass on PyTorch (batched, for training), the same pass in
 * plain Java (for prediction), and, for layers with parameters, the algebra of per-example gradients.
 * Activations are batch × features, or batch × channels × side × side for images.
 */
sealed interface DpLayer {

    /** The training forward pass; {@code params} holds this layer's weight and bias (or nothing). */
    NDArray forward(NDArray h, NDList params);

    /** The prediction forward pass for one example (CHW layout for images). */
    float[] apply(float[] h, float[][] params);

    /** Parameter shapes: weight then bias, or none. */
    default List<long[]> shapes() {
        return List.of();
    }

    /** A layer with parameters, whose per-example gradients come from its input and the gradient at its output. */
    sealed interface Trainable extends DpLayer {

        /** Fan-in of the weight, for initialisation. */
        int fanIn();

        /**
         * Each example's gradient of this layer's parameters, from the layer's input {@code input} and the
         * gradient of the summed loss with respect to its output {@code delta} (row i of which depends on
         * example i alone: no layer mixes examples).
         */
        ExampleGradients gradients(NDArray input, NDArray delta);
    }

    /** The per-example gradients of one layer, held in whatever form makes their norms and weighted sum cheap. */
    interface ExampleGradients {

        /** ‖g_i‖² for every example i (batch). */
        NDArray normsSquared();

        /** Σ_i c_i·g_i for weights c (batch): weight, bias. */
        NDList weightedSum(NDArray c);

        /** ‖Σ_{i∈s} g_i‖² for every group s of examples, given as a 0/1 membership matrix (groups × batch). */
        NDArray groupNormsSquared(NDArray membership);
    }

    /** Element-wise activation. */
    enum Activation implements DpLayer {
        /** tanh: a tempered sigmoid, which trains better than ReLU under DP-SGD (Papernot et al., AAAI 2021). */
        TANH,
        RELU;

        @Override
        public NDArray forward(NDArray h, NDList params) {
            return this == TANH ? h.tanh() : ai.djl.nn.Activation.relu(h);
        }

        @Override
        public float[] apply(float[] h, float[][] params) {
            float[] out = new float[h.length];
            for (int i = 0; i < h.length; i++) {
                out[i] = this == TANH ? (float) Math.tanh(h[i]) : Math.max(0, h[i]);
            }
            return out;
        }
    }

    /**
     * A dense layer z = h·W + b. Example i's weight gradient is the outer product h_i ⊗ δ_i, so its
     * squared norm is ‖h_i‖²·‖δ_i‖² (Goodfellow 2015, "Efficient per-example gradient computations")
     * and Σ c_i·h_i ⊗ δ_i = hᵀ·diag(c)·δ: exact per example without materialising any example's gradient.
     */
    record Dense(int in, int out) implements Trainable {

        @Override
        public NDArray forward(NDArray h, NDList p) {
            return flat(h).matMul(p.get(0)).add(p.get(1));
        }

        private static NDArray flat(NDArray h) {
            return h.getShape().dimension() == 2 ? h : h.reshape(h.getShape().get(0), -1);
        }

        @Override
        public float[] apply(float[] h, float[][] p) {
            float[] w = p[0];
            float[] z = p[1].clone();
            for (int i = 0; i < in; i++) {
                float hi = h[i];
                if (hi != 0) {
                    int base = i * out;
                    for (int j = 0; j < out; j++) {
                        z[j] += hi * w[base + j];
                    }
                }
            }
            return z;
        }

        @Override
        public List<long[]> shapes() {
            return List.of(new long[] {in, out}, new long[] {out});
        }

        @Override
        public int fanIn() {
            return in;
        }

        @Override
        public ExampleGradients gradients(NDArray input, NDArray delta) {
            NDArray h = flat(input);
            return new ExampleGradients() {
                @Override
                public NDArray normsSquared() {
                    NDArray d2 = delta.square().sum(new int[] {1});
                    return h.square().sum(new int[] {1}).mul(d2).add(d2);
                }

                @Override
                public NDList weightedSum(NDArray c) {
                    NDArray scaled = delta.mul(c.expandDims(1));
                    return new NDList(h.transpose().matMul(scaled), scaled.sum(new int[] {0}));
                }

                /** ‖Σ_{i∈s} h_i⊗δ_i‖² + ‖Σ_{i∈s} δ_i‖² = Σ_{i,j∈s} (h_i·h_j + 1)(δ_i·δ_j): from two Gram matrices, nothing materialised. */
                @Override
                public NDArray groupNormsSquared(NDArray membership) {
                    NDArray k = h.matMul(h.transpose()).add(1).mul(delta.matMul(delta.transpose()));
                    return membership.matMul(k).mul(membership).sum(new int[] {1});
                }
            };
        }
    }

    /**
     * A square convolution (cross-correlation, as PyTorch) with stride and zero padding, on
     * {@code side × side} inputs. Example i's weight gradient is δ_i·U_i, where U_i (positions × taps)
     * is the unfolded input (im2col): one batched matrix product gives every example's gradient
     * exactly; they are small (out·in·k² numbers each), so they are materialised.
     */
    final class Conv implements Trainable {
        final int in;
        final int out;
        final int kernel;
        final int stride;
        final int pad;
        final int side;
        private final long[] unfold;

        Conv(int in, int out, int kernel, int stride, int pad, int side) {
            this.in = in;
            this.out = out;
            this.kernel = kernel;
            this.stride = stride;
            this.pad = pad;
            this.side = side;
            this.unfold = unfoldIndex();
        }

        int outSide() {
            return (side + 2 * pad - kernel) / stride + 1;
        }

        private int taps() {
            return in * kernel * kernel;
        }

        /**
         * For position p and tap t, the index into the flattened input (CHW) of the value the tap reads,
         * or {@code in·side²} (a zero appended to the input) where it reads the padding; position-major.
         */
        private long[] unfoldIndex() {
            int o = outSide();
            int zero = in * side * side;
            long[] index = new long[o * o * taps()];
            int at = 0;
            for (int oy = 0; oy < o; oy++) {
                for (int ox = 0; ox < o; ox++) {
                    for (int c = 0; c < in; c++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                int y = oy * stride - pad + ky;
                                int x = ox * stride - pad + kx;
                                boolean inside = y >= 0 && y < side && x >= 0 && x < side;
                                index[at++] = inside ? (long) c * side * side + (long) y * side + x : zero;
                            }
                        }
                    }
                }
            }
            return index;
        }

        @Override
        public NDArray forward(NDArray h, NDList p) {
            long n = h.getShape().get(0);
            NDArray x = h.reshape(n, in, side, side);
            return Conv2d.conv2d(x, p.get(0), p.get(1), new Shape(stride, stride), new Shape(pad, pad)).singletonOrThrow();
        }

        @Override
        public float[] apply(float[] h, float[][] p) {
            int o = outSide();
            int taps = taps();
            float[] w = p[0];
            float[] z = new float[out * o * o];
            float[] patch = new float[taps];
            int zero = in * side * side;
            for (int pos = 0; pos < o * o; pos++) {
                for (int t = 0; t < taps; t++) {
                    long i = unfold[pos * taps + t];
                    patch[t] = i == zero ? 0 : h[(int) i];
                }
                for (int k = 0; k < out; k++) {
                    double s = p[1][k];
                    int base = k * taps;
                    for (int t = 0; t < taps; t++) {
                        s += w[base + t] * patch[t];
                    }
                    z[k * o * o + pos] = (float) s;
                }
            }
            return z;
        }

        @Override
        public List<long[]> shapes() {
            return List.of(new long[] {out, in, kernel, kernel}, new long[] {out});
        }

        @Override
        public int fanIn() {
            return taps();
        }

        @Override
        public ExampleGradients gradients(NDArray input, NDArray delta) {
            long n = input.getShape().get(0);
            int positions = outSide() * outSide();
            NDManager m = input.getManager();
            NDArray flat = input.reshape(n, (long) in * side * side).concat(m.zeros(new Shape(n, 1)), 1);
            NDArray patches = flat.get(new NDIndex(":, {}", m.create(unfold))).reshape(n, positions, taps());
            NDArray d = delta.reshape(n, out, positions);
            NDArray weights = d.matMul(patches); // n × out × taps
            NDArray biases = d.sum(new int[] {2}); // n × out
            return new ExampleGradients() {
                @Override
                public NDArray normsSquared() {
                    return weights.square().sum(new int[] {1, 2}).add(biases.square().sum(new int[] {1}));
                }

                @Override
                public NDList weightedSum(NDArray c) {
                    NDArray w = weights.mul(c.reshape(n, 1, 1)).sum(new int[] {0}).reshape(out, in, kernel, kernel);
                    return new NDList(w, biases.mul(c.expandDims(1)).sum(new int[] {0}));
                }

                @Override
                public NDArray groupNormsSquared(NDArray membership) {
                    NDArray w = membership.matMul(weights.reshape(n, -1));
                    return w.square().sum(new int[] {1}).add(membership.matMul(biases).square().sum(new int[] {1}));
                }
            };
        }
    }

    /** Max pooling over 2×2 windows with stride 1 (the tanh CNN of Papernot et al.), per channel. */
    record MaxPool(int channels, int side) implements DpLayer {

        int outSide() {
            return side - 1;
        }

        @Override
        public NDArray forward(NDArray h, NDList params) {
            return Pool.maxPool2d(h, new Shape(2, 2), new Shape(1, 1), new Shape(0, 0), false);
        }

        @Override
        public float[] apply(float[] h, float[][] params) {
            int o = outSide();
            float[] out = new float[channels * o * o];
            for (int c = 0; c < channels; c++) {
                int base = c * side * side;
                for (int y = 0; y < o; y++) {
                    for (int x = 0; x < o; x++) {
                        int at = base + y * side + x;
                        out[(c * o + y) * o + x] = Math.max(Math.max(h[at], h[at + 1]), Math.max(h[at + side], h[at + side + 1]));
                    }
                }
            }
            return out;
        }
    }
}
