package dev.lethe.djl.dp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.djl.Torch;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-example gradients of {@link DpNetwork} against the plain way: one backward pass of PyTorch's
 * autograd per example, one example at a time, on tiny networks; and the clipping of their sum.
 */
class DpNetworkTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Torch.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Example i's gradient of its cross-entropy loss by autograd on the parameters, that example alone. */
    static float[][] oneExampleGradient(DpNetwork net, float[][] params, float[] x, int y) {
        List<long[]> shapes = net.shapes();
        Torch.GRADIENTS.lock();
        try (NDManager m = manager.newSubManager()) {
            NDList p = new NDList();
            for (int i = 0; i < params.length; i++) {
                NDArray a = m.create(params[i], new Shape(shapes.get(i)));
                a.setRequiresGradient(true);
                p.add(a);
            }
            try (GradientCollector c = m.getEngine().newGradientCollector()) {
                NDArray h = m.create(x, new Shape(1, x.length));
                int at = 0;
                for (DpLayer l : net.layers()) {
                    int k = l.shapes().size();
                    h = l.forward(h, k == 0 ? null : new NDList(p.get(at), p.get(at + 1)));
                    at += k;
                }
                c.backward(h.logSoftmax(1).get(0, y).neg());
            }
            float[][] g = new float[params.length][];
            for (int i = 0; i < g.length; i++) {
                g[i] = p.get(i).getGradient().toFloatArray();
            }
            return g;
        } finally {
            Torch.GRADIENTS.unlock();
        }
    }

    static double norm(float[][] g) {
        double s = 0;
        for (float[] b : g) {
            for (float v : b) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    static DpNetwork tinyCnn() {
        return DpNetwork.cnn(16, 2, 3, 4, DpLayer.Activation.TANH, 3);
    }

    static DpNetwork tinyMlp() {
        return DpNetwork.mlp(5, new int[] {6, 4}, DpLayer.Activation.TANH, 3);
    }

    static float[] inputs(int b, int w, long seed) {
        Random r = new Random(seed);
        float[] x = new float[b * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Every example's gradient, recovered from the batched algebra with weights e_i, equals its one-example backward pass. */
    private static void perExampleGradientsMatch(DpNetwork net) {
        int b = 5;
        float[][] params = net.initial(3);
        float[] x = inputs(b, net.inputs(), 4);
        int[] y = {0, 2, 1, 1, 0};
        DpNetwork.ClippedSum all = net.clippedSum(manager, params, x, y, b, 1e9);
        for (int i = 0; i < b; i++) {
            float[] e = new float[b];
            e[i] = 1;
            float[][] batched = net.weightedSum(manager, params, x, y, b, 0, e, null, 0).sum();
            float[][] alone = oneExampleGradient(net, params, java.util.Arrays.copyOfRange(x, i * net.inputs(), (i + 1) * net.inputs()), y[i]);
            for (int k = 0; k < alone.length; k++) {
                assertThat(batched[k]).as("example %d block %d", i, k).containsExactly(alone[k], org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat((double) all.norms()[i]).as("norm of example %d", i).isCloseTo(norm(alone), org.assertj.core.data.Offset.offset(1e-4 * norm(alone)));
        }
    }

    @Test
    void denseLayersGiveEachExamplesOwnGradient() {
        perExampleGradientsMatch(tinyMlp());
    }

    @Test
    void convolutionsGiveEachExamplesOwnGradient() {
        perExampleGradientsMatch(tinyCnn());
    }

    /** The clipped sum is Σ g_i·min(1, C/‖g_i‖) of the one-example gradients: no example contributes more than C. */
    @Test
    void noExampleContributesMoreThanTheClip() {
        for (DpNetwork net : List.of(tinyMlp(), tinyCnn())) {
            int b = 6;
            float[][] params = net.initial(5);
            float[] x = inputs(b, net.inputs(), 6);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 3; // large inputs: large gradients, so that the clip acts
            }
            int[] y = {0, 1, 2, 0, 1, 2};
            double clip = 0.05;
            float[][] expected = new float[params.length][];
            for (int k = 0; k < params.length; k++) {
                expected[k] = new float[params[k].length];
            }
            for (int i = 0; i < b; i++) {
                float[][] g = oneExampleGradient(net, params, java.util.Arrays.copyOfRange(x, i * net.inputs(), (i + 1) * net.inputs()), y[i]);
                double n = norm(g);
                assertThat(n).as("example %d's gradient exceeds the clip, so clipping is tested", i).isGreaterThan(clip);
                for (int k = 0; k < g.length; k++) {
                    for (int j = 0; j < g[k].length; j++) {
                        expected[k][j] += (float) (g[k][j] * clip / n);
                    }
                }
            }
            float[][] sum = net.clippedSum(manager, params, x, y, b, clip).sum();
            for (int k = 0; k < sum.length; k++) {
                assertThat(sum[k]).containsExactly(expected[k], org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat(norm(sum)).isLessThanOrEqualTo(b * clip * (1 + 1e-5));
            // one example alone: its clipped contribution has norm exactly C
            assertThat(norm(net.clippedSum(manager, params, x, y, 1, clip).sum())).isCloseTo(clip, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /** With subjects as the unit, each subject's summed gradient is clipped as a whole: Σ_s G_s·min(1, C/‖G_s‖). */
    @Test
    void eachSubjectContributesAtMostTheClip() {
        for (DpNetwork net : List.of(tinyMlp(), tinyCnn())) {
            int b = 6;
            float[][] params = net.initial(7);
            float[] x = inputs(b, net.inputs(), 8);
            int[] y = {0, 1, 2, 0, 1, 2};
            int[] groupOf = {0, 0, 1, 2, 2, 2};
            double clip = 0.05;
            float[][][] subject = new float[3][params.length][];
            for (int s = 0; s < 3; s++) {
                for (int k = 0; k < params.length; k++) {
                    subject[s][k] = new float[params[k].length];
                }
            }
            for (int i = 0; i < b; i++) {
                float[][] g = oneExampleGradient(net, params, java.util.Arrays.copyOfRange(x, i * net.inputs(), (i + 1) * net.inputs()), y[i]);
                for (int k = 0; k < g.length; k++) {
                    for (int j = 0; j < g[k].length; j++) {
                        subject[groupOf[i]][k][j] += g[k][j];
                    }
                }
            }
            float[][] expected = new float[params.length][];
            for (int k = 0; k < params.length; k++) {
                expected[k] = new float[params[k].length];
            }
            DpNetwork.ClippedSum got = net.clippedSum(manager, params, x, y, b, clip, groupOf, 3);
            for (int s = 0; s < 3; s++) {
                double n = norm(subject[s]);
                assertThat((double) got.norms()[s]).isCloseTo(n, org.assertj.core.data.Offset.offset(1e-3 * n));
                assertThat(n).as("subject %d exceeds the clip, so clipping is tested", s).isGreaterThan(clip);
                for (int k = 0; k < params.length; k++) {
                    for (int j = 0; j < params[k].length; j++) {
                        expected[k][j] += (float) (subject[s][k][j] * clip / n);
                    }
                }
            }
            for (int k = 0; k < expected.length; k++) {
                assertThat(got.sum()[k]).containsExactly(expected[k], org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat(norm(got.sum())).isLessThanOrEqualTo(3 * clip * (1 + 1e-5));
        }
    }

    /** The plain-Java forward pass used for prediction equals the PyTorch one used in training. */
    @Test
    void predictionMatchesTheTrainingForwardPass() {
        for (DpNetwork net : List.of(tinyMlp(), tinyCnn())) {
            float[][] params = net.initial(9);
            float[] x = inputs(1, net.inputs(), 10);
            List<long[]> shapes = net.shapes();
            try (NDManager m = manager.newSubManager()) {
                NDArray h = m.create(x, new Shape(1, x.length));
                int at = 0;
                for (DpLayer l : net.layers()) {
                    int k = l.shapes().size();
                    h = l.forward(h, k == 0 ? null : new NDList(m.create(params[at], new Shape(shapes.get(at))),
                            m.create(params[at + 1], new Shape(shapes.get(at + 1)))));
                    at += k;
                }
                float[] torch = h.toFloatArray();
                double[] java = net.logits(params, x);
                for (int j = 0; j < torch.length; j++) {
                    assertThat(java[j]).isCloseTo(torch[j], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }
}
