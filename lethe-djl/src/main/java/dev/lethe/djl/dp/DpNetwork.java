package dev.lethe.djl.dp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.djl.Torch;
import dev.lethe.model.OptionsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A network for DP-SGD and the step at its heart: the sum of per-example gradients, each clipped to
 * norm C (Abadi et al., CCS 2016, Algorithm 1). One batched forward pass adds a zero "probe" to the
 * output of every layer with parameters; one backward pass of the summed loss gives, at each probe,
 * the gradient with respect to that layer's output, row i from example i alone. Each layer turns its
 * input and that gradient into its per-example parameter gradients exactly ({@link DpLayer.Trainable}),
 * so every example's full gradient norm is known before anything is summed.
 */
public final class DpNetwork {

    private final List<DpLayer> layers;
    private final int inputs;

    DpNetwork(List<DpLayer> layers, int inputs) {
        this.layers = List.copyOf(layers);
        this.inputs = inputs;
    }

    /** Dense layers of the given widths with {@code activation} between them, then a dense layer to the classes. */
    public static DpNetwork mlp(int inputs, int[] hidden, DpLayer.Activation activation, int classes) {
        List<DpLayer> layers = new ArrayList<>();
        int in = inputs;
        for (int h : hidden) {
            layers.add(new DpLayer.Dense(in, h));
            layers.add(activation);
            in = h;
        }
        layers.add(new DpLayer.Dense(in, classes));
        return new DpNetwork(layers, inputs);
    }

    /**
     * The MNIST network of Papernot et al. (2021) and Opacus's example, for square greyscale images:
     * an 8×8 convolution (stride 2, padding 3), 2×2 max pooling (stride 1), a 4×4 convolution (stride 2),
     * 2×2 max pooling, a dense hidden layer, then the classes; {@code activation} after each convolution
     * and the hidden layer.
     */
    public static DpNetwork cnn(int side, int channels1, int channels2, int hidden, DpLayer.Activation activation, int classes) {
        if (side < 16) {
            throw new OptionsException("dp-cnn expects square greyscale images of at least 16×16 pixels, got " + side + "×" + side);
        }
        DpLayer.Conv c1 = new DpLayer.Conv(1, channels1, 8, 2, 3, side);
        DpLayer.MaxPool p1 = new DpLayer.MaxPool(channels1, c1.outSide());
        DpLayer.Conv c2 = new DpLayer.Conv(channels1, channels2, 4, 2, 0, p1.outSide());
        DpLayer.MaxPool p2 = new DpLayer.MaxPool(channels2, c2.outSide());
        int flat = channels2 * p2.outSide() * p2.outSide();
        return new DpNetwork(List.of(c1, activation, p1, c2, activation, p2, new DpLayer.Dense(flat, hidden), activation,
                new DpLayer.Dense(hidden, classes)), side * side);
    }

    List<DpLayer> layers() {
        return layers;
    }

    int inputs() {
        return inputs;
    }

    /** Parameter shapes, layer by layer (weight, bias). */
    List<long[]> shapes() {
        List<long[]> out = new ArrayList<>();
        for (DpLayer l : layers) {
            out.addAll(l.shapes());
        }
        return out;
    }

    /** Initial weights from the seed alone: N(0, g²/fan-in) (LeCun for tanh, He for ReLU), biases 0. */
    float[][] initial(long seed) {
        Random random = new Random(seed);
        List<float[]> params = new ArrayList<>();
        for (DpLayer l : layers) {
            if (l instanceof DpLayer.Trainable t) {
                double gain = layers.contains(DpLayer.Activation.RELU) ? 2 : 1;
                double sd = Math.sqrt(gain / t.fanIn());
                List<long[]> s = l.shapes();
                float[] w = new float[size(s.get(0))];
                for (int j = 0; j < w.length; j++) {
                    w[j] = (float) (random.nextGaussian() * sd);
                }
                params.add(w);
                params.add(new float[size(s.get(1))]);
            }
        }
        return params.toArray(new float[0][]);
    }

    static int size(long[] shape) {
        long s = 1;
        for (long d : shape) {
            s *= d;
        }
        return Math.toIntExact(s);
    }

    /** The logits of one example, in plain Java (thread-safe, no native calls). */
    double[] logits(float[][] params, float[] x) {
        float[] h = x;
        int at = 0;
        for (DpLayer l : layers) {
            int k = l.shapes().size();
            float[][] p = k == 0 ? new float[0][] : new float[][] {params[at], params[at + 1]};
            h = l.apply(h, p);
            at += k;
        }
        double[] z = new double[h.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = h[j];
        }
        return z;
    }

    /**
     * The result of one step's gradient computation: the clipped sum per parameter block and every
     * example's gradient norm before clipping.
     */
    public record ClippedSum(float[][] sum, float[] norms) {
    }

    /**
     * Σ_i g_i·min(1, C/‖g_i‖) over the {@code b} examples in {@code x} (b × inputs) with labels {@code y},
     * where g_i is example i's gradient of its cross-entropy loss with respect to all parameters.
     */
    public ClippedSum clippedSum(NDManager manager, float[][] params, float[] x, int[] y, int b, double clip) {
        return weightedSum(manager, params, x, y, b, clip, null, null, 0);
    }

    /**
     * Σ_s G_s·min(1, C/‖G_s‖) over groups of examples (the subjects of a batch), where G_s = Σ_{i∈s} g_i;
     * {@code groupOf[i]} is example i's group in [0, groups). The norms returned are the groups'.
     */
    public ClippedSum clippedSum(NDManager manager, float[][] params, float[] x, int[] y, int b, double clip, int[] groupOf,
                                 int groups) {
        return weightedSum(manager, params, x, y, b, clip, null, groupOf, groups);
    }

    /**
     * Σ_i c_i·g_i for given weights c (one per example) instead of clipping factors: with c = e_i it is
     * example i's own gradient, which lets tests compare the batched algebra with one-example backward passes.
     */
    ClippedSum weightedSum(NDManager manager, float[][] params, float[] x, int[] y, int b, double clip, float[] weights,
                           int[] groupOf, int groups) {
        List<long[]> shapes = shapes();
        Torch.GRADIENTS.lock();
        try (NDManager m = manager.newSubManager()) {
            NDList p = new NDList();
            for (int i = 0; i < params.length; i++) {
                p.add(m.create(params[i], new Shape(shapes.get(i))));
            }
            NDArray h = m.create(java.util.Arrays.copyOf(x, b * inputs), new Shape(b, inputs));
            float[] onehot = new float[b * classes(shapes)];
            for (int i = 0; i < b; i++) {
                onehot[i * classes(shapes) + y[i]] = 1;
            }
            List<NDArray> inputsOf = new ArrayList<>();
            List<NDArray> probes = new ArrayList<>();
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                int at = 0;
                for (DpLayer l : layers) {
                    if (l instanceof DpLayer.Trainable) {
                        inputsOf.add(h);
                        NDArray z = l.forward(h, new NDList(p.get(at), p.get(at + 1)));
                        NDArray probe = m.zeros(z.getShape());
                        probe.setRequiresGradient(true);
                        probes.add(probe);
                        h = z.add(probe);
                        at += 2;
                    } else {
                        h = l.forward(h, null);
                    }
                }
                NDArray loss = h.logSoftmax(1).mul(m.create(onehot, new Shape(b, classes(shapes)))).sum().neg();
                collector.backward(loss);
            }
            NDArray membership = null;
            if (groupOf != null) {
                float[] member = new float[groups * b];
                for (int i = 0; i < b; i++) {
                    member[groupOf[i] * b + i] = 1;
                }
                membership = m.create(member, new Shape(groups, b));
            }
            List<DpLayer.ExampleGradients> grads = new ArrayList<>();
            NDArray normsSquared = m.zeros(new Shape(groupOf == null ? b : groups));
            int t = 0;
            for (DpLayer l : layers) {
                if (l instanceof DpLayer.Trainable trainable) {
                    DpLayer.ExampleGradients g = trainable.gradients(inputsOf.get(t), probes.get(t).getGradient());
                    grads.add(g);
                    normsSquared = normsSquared.add(membership == null ? g.normsSquared() : g.groupNormsSquared(membership));
                    t++;
                }
            }
            NDArray norms = normsSquared.sqrt();
            NDArray c = weights != null ? m.create(weights) : norms.maximum(clip).pow(-1).mul(clip);
            if (membership != null && weights == null) {
                c = membership.transpose().matMul(c); // each example weighted by its group's factor
            }
            float[][] sum = new float[params.length][];
            int at = 0;
            for (DpLayer.ExampleGradients g : grads) {
                NDList s = g.weightedSum(c);
                sum[at++] = s.get(0).toFloatArray();
                sum[at++] = s.get(1).toFloatArray();
            }
            return new ClippedSum(sum, norms.toFloatArray());
        } finally {
            Torch.GRADIENTS.unlock();
        }
    }

    private static int classes(List<long[]> shapes) {
        return (int) shapes.get(shapes.size() - 1)[0];
    }
}
