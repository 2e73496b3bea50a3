package dev.lethe.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weights held in PyTorch for a method's run compute what the per-step path (weights copied in and
 * gradients copied out each step) computes: the same gradients, step after step (none accumulate), the
 * same SGD update, the same predictions; a masked-out weight never moves.
 */
class ResidentNetworkTest {

    static Checkpoint model;
    static NeuralLearner learner;
    static List<long[]> shapes;
    static EncodedRows rows;
    static float[] targets;
    static final int B = 48;

    @BeforeAll
    static void setUp() {
        NeuralUnlearningTest.train();
        NeuralModel network = (NeuralModel) NeuralUnlearningTest.fresh();
        model = network.state();
        learner = NeuralUnlearning.learner(network, network.provenance().seed());
        shapes = learner.architecture().shapes(model.encoder.width(), model.classes);
        int[] first = new int[B];
        java.util.Arrays.setAll(first, i -> i);
        rows = EncodedRows.of(model.encoder, NeuralUnlearningTest.digits, first);
        targets = new float[B * model.classes];
        for (int i = 0; i < B; i++) {
            // descend on even rows, ascend on odd ones, as NegGrad+ mixes them
            targets[i * model.classes + rows.y()[i]] = i % 2 == 0 ? 1 : -0.5f;
        }
    }

    static ResidentNetwork resident() {
        return new ResidentNetwork(learner.architecture(), shapes, model.params, model.encoder.width(), model.classes);
    }

    static float[][] javaGradients(float[][] params) {
        try (NDManager manager = Torch.newManager()) {
            return learner.gradients(manager, shapes, params, rows.x(), targets, B, rows.width(), model.classes,
                    new float[0][], new int[0]);
        }
    }

    static void assertClose(float[][] actual, float[][] expected) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat(actual[i][j]).as("block %d entry %d", i, j).isCloseTo(expected[i][j], within(1e-5f));
            }
        }
    }

    static float[][] copy(NDList g) {
        float[][] out = new float[g.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.get(i).toFloatArray();
        }
        return out;
    }

    @Test
    void gradientsMatchThePerStepPathAndDoNotAccumulate() {
        float[][] expected = javaGradients(model.params);
        try (ResidentNetwork net = resident(); NDManager scope = net.scope()) {
            float[][] once = copy(net.pass(scope, rows.x(), targets, B).gradients());
            float[][] twice = copy(net.pass(scope, rows.x(), targets, B).gradients());
            assertClose(once, expected);
            assertClose(twice, expected);
        }
    }

    @Test
    void anSgdStepMovesTheWeightsByRateTimesGradient() {
        float rate = 0.05f;
        float[][] g = javaGradients(model.params);
        try (ResidentNetwork net = resident(); NDManager scope = net.scope()) {
            net.sgd(net.pass(scope, rows.x(), targets, B).gradients(), null, rate);
            float[][] after = net.weights();
            float[][] expected = new float[after.length][];
            for (int i = 0; i < after.length; i++) {
                expected[i] = model.params[i].clone();
                for (int j = 0; j < expected[i].length; j++) {
                    expected[i][j] -= rate * g[i][j];
                }
            }
            assertClose(after, expected);
            // the next step sees the moved weights, as the per-step path would
            assertClose(copy(net.pass(scope, rows.x(), targets, B).gradients()), javaGradients(after));
        }
    }

    @Test
    void batchedPredictionsAgreeWithTheJavaForwardPass() {
        int[] all = new int[rows.size()];
        java.util.Arrays.setAll(all, i -> i);
        int expected = 0;
        for (int r : all) {
            float[] x = java.util.Arrays.copyOfRange(rows.x(), r * rows.width(), (r + 1) * rows.width());
            expected += dev.lethe.math.Vectors.argmax(learner.architecture().logits(model.params, x)) == rows.y()[r] ? 1 : 0;
        }
        try (ResidentNetwork net = resident()) {
            assertThat(net.correct(rows, all)).isEqualTo(expected).isPositive();
            float[][] p = net.probabilities(rows, all);
            assertThat(p.length).isEqualTo(all.length);
            double sum = 0;
            for (float v : p[0]) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void aPassCountsThePredictionsOfTheWeightsBeforeItsUpdate() {
        int from = 10;
        int[] which = new int[20];
        java.util.Arrays.setAll(which, i -> from + i);
        int[] labels = java.util.Arrays.copyOfRange(rows.y(), from, from + which.length);
        try (ResidentNetwork net = resident(); NDManager scope = net.scope()) {
            int before = net.correct(rows, which);
            ResidentNetwork.Pass pass = net.pass(scope, rows.x(), targets, B);
            assertThat(pass.correct(from, labels)).isEqualTo(before).isPositive();
            int[] wrong = new int[labels.length];
            for (int k = 0; k < wrong.length; k++) {
                wrong[k] = (labels[k] + 1) % model.classes;
            }
            assertThat(pass.correct(from, wrong)).isLessThan(before);
        }
    }

    @Test
    void aMaskedAdamStepMovesOnlyTheMaskedInWeights() {
        boolean[][] keep = new boolean[model.params.length][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new boolean[model.params[i].length];
            for (int j = 0; j < keep[i].length; j++) {
                keep[i][j] = j % 3 == 0;
            }
        }
        try (ResidentNetwork net = resident(); NDManager scope = net.scope()) {
            NDList mask = net.mask(keep);
            for (int s = 0; s < 3; s++) {
                net.adam(net.pass(scope, rows.x(), targets, B).gradients(), mask, 0.01);
            }
            float[][] after = net.weights();
            int moved = 0;
            for (int i = 0; i < after.length; i++) {
                for (int j = 0; j < after[i].length; j++) {
                    if (!keep[i][j]) {
                        assertThat(after[i][j]).isEqualTo(model.params[i][j]);
                    } else if (after[i][j] != model.params[i][j]) {
                        moved++;
                    }
                }
            }
            assertThat(moved).isPositive();
        }
    }
}
