package dev.lethe.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.lethe.data.DataException;
import java.util.ArrayList;
import java.util.List;

/**
 * A network's layout: the shapes of its parameters, their initial values, the forward pass on
 * PyTorch (for training, differentiable) and the same forward pass in plain Java (for prediction:
 * thread-safe and cheap per row).
 */
sealed interface Architecture {

    /** Parameter shapes, weights and biases in order. */
    List<long[]> shapes(int inputs, int classes);

    /** Fan-in of parameter {@code i} for He initialisation (He et al., ICCV 2015); 0 for a bias. */
    int fanIn(List<long[]> shapes, int i);

    /**
     * The forward pass for training. {@code masks} holds one inverted-dropout mask per entry of
     * {@link #dropoutWidths} (shape batch × width, values 0 or 1/(1−p)), or is empty for none.
     */
    NDArray forward(NDList params, NDArray x, NDList masks);

    /**
     * Widths of the activations that dropout (Srivastava et al., JMLR 2014) applies to, in the
     * order of {@link #forward}'s masks.
     */
    int[] dropoutWidths(List<long[]> shapes);

    double[] logits(float[][] params, float[] x);

    /** A multi-layer perceptron: dense layers with ReLU between them; dropout after each hidden ReLU. */
    record Mlp(int[] hidden) implements Architecture {

        @Override
        public List<long[]> shapes(int inputs, int classes) {
            List<long[]> out = new ArrayList<>();
            int in = inputs;
            for (int h : hidden) {
                out.add(new long[] {in, h});
                out.add(new long[] {h});
                in = h;
            }
            out.add(new long[] {in, classes});
            out.add(new long[] {classes});
            return out;
        }

        @Override
        public int fanIn(List<long[]> shapes, int i) {
            return i % 2 == 0 ? (int) shapes.get(i)[0] : 0;
        }

        @Override
        public int[] dropoutWidths(List<long[]> shapes) {
            int[] widths = new int[shapes.size() / 2 - 1];
            for (int l = 0; l < widths.length; l++) {
                widths[l] = (int) shapes.get(2 * l)[1];
            }
            return widths;
        }

        @Override
        public NDArray forward(NDList params, NDArray x, NDList masks) {
            NDArray h = x;
            int layers = params.size() / 2;
            for (int l = 0; l < layers; l++) {
                h = h.matMul(params.get(2 * l)).add(params.get(2 * l + 1));
                if (l < layers - 1) {
                    h = Activation.relu(h);
                    if (!masks.isEmpty()) {
                        h = h.mul(masks.get(l));
                    }
                }
            }
            return h;
        }

        @Override
        public double[] logits(float[][] params, float[] x) {
            float[] h = x;
            int layers = params.length / 2;
            for (int l = 0; l < layers; l++) {
                float[] w = params[2 * l];
                float[] b = params[2 * l + 1];
                int out = b.length;
                float[] next = b.clone();
                for (int i = 0; i < h.length; i++) {
                    float hi = h[i];
                    if (hi != 0) {
                        int base = i * out;
                        for (int j = 0; j < out; j++) {
                            next[j] += hi * w[base + j];
                        }
                    }
                }
                if (l < layers - 1) {
                    for (int j = 0; j < out; j++) {
                        next[j] = Math.max(0, next[j]);
                    }
                }
                h = next;
            }
            double[] z = new double[h.length];
            for (int j = 0; j < z.length; j++) {
                z[j] = h[j];
            }
            return z;
        }
    }

    /**
     * A small LeNet-style CNN for square single-channel images: two 5×5 valid convolutions with
     * ReLU, each followed by 2×2 max pooling, then a dense layer to the classes; dropout on the
     * pooled features before that layer.
     */
    record Cnn(int channels1, int channels2) implements Architecture {

        static final int KERNEL = 5;

        static int side(int inputs) {
            int side = (int) Math.round(Math.sqrt(inputs));
            if (side * side != inputs || after(side) < 1) {
                throw new DataException("cnn expects square images of at least 16×16 pixels as features, got " + inputs
                        + " features");
            }
            return side;
        }

        static int after(int side) {
            return ((side - KERNEL + 1) / 2 - KERNEL + 1) / 2;
        }

        @Override
        public List<long[]> shapes(int inputs, int classes) {
            int s = after(side(inputs));
            return List.of(new long[] {channels1, 1, KERNEL, KERNEL}, new long[] {channels1},
                    new long[] {channels2, channels1, KERNEL, KERNEL}, new long[] {channels2},
                    new long[] {(long) channels2 * s * s, classes}, new long[] {classes});
        }

        @Override
        public int fanIn(List<long[]> shapes, int i) {
            long[] s = shapes.get(i);
            if (s.length == 1) {
                return 0;
            }
            return s.length == 4 ? (int) (s[1] * s[2] * s[3]) : (int) s[0];
        }

        @Override
        public int[] dropoutWidths(List<long[]> shapes) {
            return new int[] {(int) shapes.get(4)[0]};
        }

        @Override
        public NDArray forward(NDList p, NDArray x, NDList masks) {
            long n = x.getShape().get(0);
            int side = side((int) x.getShape().get(1));
            Shape pool = new Shape(2, 2);
            NDArray h = x.reshape(n, 1, side, side);
            h = Activation.relu(Conv2d.conv2d(h, p.get(0), p.get(1)).singletonOrThrow());
            h = Pool.maxPool2d(h, pool, pool, new Shape(0, 0), false);
            h = Activation.relu(Conv2d.conv2d(h, p.get(2), p.get(3)).singletonOrThrow());
            h = Pool.maxPool2d(h, pool, pool, new Shape(0, 0), false);
            h = h.reshape(n, -1);
            if (!masks.isEmpty()) {
                h = h.mul(masks.get(0));
            }
            return h.matMul(p.get(4)).add(p.get(5));
        }

        @Override
        public double[] logits(float[][] p, float[] x) {
            int side = side(x.length);
            float[] a = convReluPool(x, 1, side, p[0], p[1], channels1);
            int s1 = (side - KERNEL + 1) / 2;
            float[] b = convReluPool(a, channels1, s1, p[2], p[3], channels2);
            float[] w = p[4];
            float[] bias = p[5];
            int classes = bias.length;
            double[] z = new double[classes];
            for (int j = 0; j < classes; j++) {
                z[j] = bias[j];
            }
            for (int i = 0; i < b.length; i++) {
                for (int j = 0; j < classes; j++) {
                    z[j] += (double) b[i] * w[i * classes + j];
                }
            }
            return z;
        }

        /** Valid 5×5 convolution (cross-correlation, as PyTorch), ReLU, 2×2 max pooling; CHW layout. */
        private static float[] convReluPool(float[] in, int cin, int side, float[] w, float[] bias, int cout) {
            int conv = side - KERNEL + 1;
            int pooled = conv / 2;
            float[] out = new float[cout * pooled * pooled];
            float[] map = new float[conv * conv];
            for (int o = 0; o < cout; o++) {
                for (int y = 0; y < conv; y++) {
                    for (int xx = 0; xx < conv; xx++) {
                        double sum = bias[o];
                        for (int c = 0; c < cin; c++) {
                            int wBase = ((o * cin + c) * KERNEL) * KERNEL;
                            int inBase = c * side * side;
                            for (int ky = 0; ky < KERNEL; ky++) {
                                int row = inBase + (y + ky) * side + xx;
                                int wr = wBase + ky * KERNEL;
                                for (int kx = 0; kx < KERNEL; kx++) {
                                    sum += in[row + kx] * w[wr + kx];
                                }
                            }
                        }
                        map[y * conv + xx] = (float) Math.max(0, sum);
                    }
                }
                for (int y = 0; y < pooled; y++) {
                    for (int xx = 0; xx < pooled; xx++) {
                        int at = 2 * y * conv + 2 * xx;
                        out[(o * pooled + y) * pooled + xx] = Math.max(Math.max(map[at], map[at + 1]),
                                Math.max(map[at + conv], map[at + conv + 1]));
                    }
                }
            }
            return out;
        }
    }
}
