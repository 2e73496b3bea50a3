package dev.lethe.djl;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs one {@link UnlearningMethod} on a copy of a network's weights. Every method is a sequence of
 * mini-batch steps whose loss is the cross-entropy against per-row <em>target weights</em>
 * {@code −Σ_k t_k·log softmax(z)_k / b}: a one-hot row descends the loss, a negated one ascends it,
 * and a teacher's probabilities give KL(teacher‖student) up to a constant (SCRUB). So one gradient
 * routine ({@link NeuralLearner#gradients}) serves all methods. Batch order, random labels and
 * forget batches derive only from the method's seed; with PyTorch single-threaded the result is
 * bit-reproducible.
 */
final class NetworkUnlearner {

    private final NeuralLearner learner;
    private final Checkpoint model;
    private final UnlearningMethod.Configured method;
    private final EncodedRows retain;
    private final EncodedRows forget;
    private final List<long[]> shapes;
    private final int classes;
    private final float[][] params;
    private final float[][] m;
    private final float[][] v;
    private final boolean[] weights;
    private long step;

    NetworkUnlearner(NeuralLearner learner, Checkpoint model, UnlearningMethod.Configured method, EncodedRows retain,
                     EncodedRows forget) {
        this.learner = learner;
        this.model = model;
        this.method = method;
        this.retain = retain;
        this.forget = forget;
        this.classes = model.classes;
        this.shapes = learner.architecture().shapes(model.encoder.width(), classes);
        this.params = new float[model.params.length][];
        this.m = new float[params.length][];
        this.v = new float[params.length][];
        this.weights = new boolean[params.length];
        for (int i = 0; i < params.length; i++) {
            params[i] = model.params[i].clone();
            m[i] = new float[params[i].length];
            v[i] = new float[params[i].length];
            weights[i] = learner.architecture().fanIn(shapes, i) > 0;
        }
    }

    /** The weights after the method; the model's own are left as they were. */
    float[][] run() {
        try (NDManager manager = Torch.newManager()) {
            switch (method.method()) {
                case FINETUNE -> descend(manager, 0);
                case L1_SPARSE -> descend(manager, method.gamma());
                case GRADIENT_ASCENT -> ascend(manager);
                case NEGGRAD_PLUS -> negGradPlus(manager);
                case SCRUB -> scrub(manager);
                case SALUN -> salun(manager);
                default -> throw new IllegalStateException("unhandled method " + method.method());
            }
            repair(manager);
        }
        return params;
    }

    private Random random(int epoch, int purpose) {
        return new Random(method.seed() ^ (0x9E3779B97F4A7C15L * (epoch + 1)) ^ (0xC2B2AE3D27D4EB4FL * (purpose + 1)));
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private int batches(int n) {
        return (n + method.batch() - 1) / method.batch();
    }

    /**
     * The retained rows epoch {@code e} visits: a fresh seeded sample of the method's {@code retain}
     * fraction of R (at least one batch), so a method's cost is set by S and that sample, not by |R|.
     */
    private int[] retainSample(int e) {
        int[] order = shuffled(retain.size(), random(e, 0));
        long wanted = Math.round(method.retain() * order.length);
        int n = (int) Math.min(order.length, Math.max(Math.min(method.batch(), order.length), wanted));
        return Arrays.copyOf(order, n);
    }

    /** Steps taken so far (for tests and the receipt's story: how soon the stopping rule fired). */
    long steps() {
        return step;
    }

    /**
     * The stopping rule: whether the method asked for one and the forget set's accuracy under the current
     * weights is at or below its threshold. Checked after every step, first on the forget rows the step just
     * used (cheap) and, only when those are at or below the threshold, on the whole of S (one forward pass,
     * in Java, no gradients), so the rule fires on S's accuracy, not on a batch's.
     */
    private boolean forgotten(int[] order, int from, int count) {
        if (!method.stops()) {
            return false;
        }
        int[] recent = new int[count];
        for (int k = 0; k < count; k++) {
            recent[k] = order[(from + k) % order.length];
        }
        return accuracy(recent) <= method.stopAt() && forgetAccuracy() <= method.stopAt();
    }

    /** The current weights' accuracy on S. */
    double forgetAccuracy() {
        int[] all = new int[forget.size()];
        Arrays.setAll(all, i -> i);
        return accuracy(all);
    }

    private double accuracy(int[] rows) {
        int correct = 0;
        float[] x = new float[forget.width()];
        for (int r : rows) {
            System.arraycopy(forget.x(), r * forget.width(), x, 0, forget.width());
            if (argmax(learner.architecture().logits(params, x)) == forget.y()[r]) {
                correct++;
            }
        }
        return rows.length == 0 ? 0 : (double) correct / rows.length;
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The repair: {@code repair} epochs of plain fine-tuning on fresh retained samples (seeded apart from the
     * method's own), so what the ascent cost the retained classes is regained before the model is returned.
     */
    private void repair(NDManager manager) {
        for (int e = 0; e < method.repair(); e++) {
            int[] order = retainSample(method.epochs() + 1 + e);
            for (int start = 0; start < order.length; start += method.batch()) {
                Batch b = new Batch(Math.min(method.batch(), order.length - start));
                for (int k = start; k < start + b.capacity; k++) {
                    b.oneHot(retain, order[k], 1);
                }
                adam(gradients(manager, b), null);
            }
        }
    }

    /** Fine-tuning on R's samples; with {@code l1 > 0} the ℓ1 penalty of l1-sparse, decaying linearly to 0. */
    private void descend(NDManager manager, double l1) {
        long total = 0;
        int[][] samples = new int[method.epochs()][];
        for (int e = 0; e < samples.length; e++) {
            samples[e] = retainSample(e);
            total += batches(samples[e].length);
        }
        long done = 0;
        for (int[] order : samples) {
            for (int start = 0; start < order.length; start += method.batch()) {
                Batch b = new Batch(Math.min(method.batch(), order.length - start));
                for (int k = start; k < start + b.capacity; k++) {
                    b.oneHot(retain, order[k], 1);
                }
                float[][] g = gradients(manager, b);
                if (l1 > 0) {
                    addL1(g, (float) (l1 * (1 - (double) done / total)));
                }
                adam(g, null);
                done++;
            }
        }
    }

    private void addL1(float[][] g, float strength) {
        for (int i = 0; i < g.length; i++) {
            if (weights[i]) {
                for (int j = 0; j < g[i].length; j++) {
                    g[i][j] += strength * Math.signum(params[i][j]);
                }
            }
        }
    }

    /** Gradient ascent on S. */
    private void ascend(NDManager manager) {
        for (int e = 0; e < method.epochs(); e++) {
            int[] order = shuffled(forget.size(), random(e, 1));
            for (int start = 0; start < order.length; start += method.batch()) {
                Batch b = new Batch(Math.min(method.batch(), order.length - start));
                for (int k = start; k < start + b.capacity; k++) {
                    b.oneHot(forget, order[k], -1);
                }
                adam(gradients(manager, b), null);
                if (forgotten(order, start, b.capacity)) {
                    return;
                }
            }
        }
    }

    /**
     * Epochs over S and R's sample together; each step pairs a retained half-batch (weight α) with a
     * forget half-batch (weight −(1−α)), each term a mean over its own rows.
     */
    private void negGradPlus(NDManager manager) {
        pairedPasses(manager, (b, row) -> b.oneHot(forget, row, (float) -(1 - method.alpha())), method.alpha(), null);
    }

    /** What a paired step does with one forget row. */
    private interface ForgetTerm {
        void add(Batch batch, int forgetRow);
    }

    /**
     * Each epoch visits every row of S and of R's sample once, in steps of a half-batch from each (the
     * shorter of the two cycles), so an epoch costs about 2·max(|S|, sample) gradients.
     */
    private void pairedPasses(NDManager manager, ForgetTerm forgetTerm, double retainWeight, boolean[][] mask) {
        int half = Math.max(1, method.batch() / 2);
        for (int e = 0; e < method.epochs(); e++) {
            int[] order = retainSample(e);
            int[] forgetOrder = shuffled(forget.size(), random(e, 1));
            int br = Math.min(half, order.length);
            int bs = Math.min(half, forgetOrder.length);
            int steps = Math.max((order.length + half - 1) / half, (forgetOrder.length + half - 1) / half);
            int r = 0;
            int f = 0;
            for (int step = 0; step < steps; step++) {
                Batch b = new Batch(br + bs);
                float scaleR = (float) ((double) b.capacity / br);
                float scaleS = (float) ((double) b.capacity / bs);
                for (int k = 0; k < br; k++) {
                    b.oneHot(retain, order[r++ % order.length], (float) retainWeight * scaleR);
                }
                b.scale = scaleS;
                for (int k = 0; k < bs; k++) {
                    forgetTerm.add(b, forgetOrder[f++ % forgetOrder.length]);
                }
                b.scale = 1;
                adam(gradients(manager, b), mask);
                if (forgotten(forgetOrder, f - bs, bs)) {
                    return;
                }
            }
        }
    }

    /**
     * SCRUB: the teacher is the model before unlearning. Epoch e starts, while e &lt; max-epochs, with one
     * max pass over S (targets −p_teacher: ascend KL(teacher‖student)), then one min pass over R's sample
     * with targets α·p_teacher + γ·onehot (α·KL + γ·CE). The teacher's outputs are computed only for the
     * rows visited.
     */
    private void scrub(NDManager manager) {
        double[][] teacherForget = new double[forget.size()][];
        double[][] teacherRetain = new double[retain.size()][];
        for (int e = 0; e < method.epochs(); e++) {
            if (e < method.maxEpochs()) {
                int[] order = shuffled(forget.size(), random(e, 1));
                for (int start = 0; start < order.length; start += method.batch()) {
                    Batch b = new Batch(Math.min(method.batch(), order.length - start));
                    for (int k = start; k < start + b.capacity; k++) {
                        b.soft(forget, order[k], teacher(forget, teacherForget, order[k]), -1);
                    }
                    adam(gradients(manager, b), null);
                }
            }
            int[] order = retainSample(e);
            for (int start = 0; start < order.length; start += method.batch()) {
                Batch b = new Batch(Math.min(method.batch(), order.length - start));
                for (int k = start; k < start + b.capacity; k++) {
                    int r = order[k];
                    b.soft(retain, r, teacher(retain, teacherRetain, r), (float) method.alpha());
                    b.addOneHot(retain.y()[r], (float) method.gamma());
                }
                adam(gradients(manager, b), null);
            }
        }
    }

    /** The teacher's (the original model's) probabilities for one row, computed once. */
    private double[] teacher(EncodedRows rows, double[][] cache, int row) {
        if (cache[row] == null) {
            float[] x = new float[rows.width()];
            System.arraycopy(rows.x(), row * rows.width(), x, 0, rows.width());
            cache[row] = dev.lethe.math.Vectors.softmaxInPlace(learner.architecture().logits(model.params, x));
        }
        return cache[row];
    }

    /**
     * SalUn: the mask keeps the {@code sparsity} fraction of weights with the largest |∇ L(S)| (one pass
     * over S, gradients summed); then paired epochs over S and R's sample, each step pairing a retained batch with a forget
     * batch relabelled at random (never the true label), updating masked weights only.
     */
    private void salun(NDManager manager) {
        boolean[][] mask = saliencyMask(manager);
        Random labels = random(0, 2);
        pairedPasses(manager, (b, row) -> {
            int wrong = labels.nextInt(classes - 1);
            b.oneHotRow(forget, row, wrong >= forget.y()[row] ? wrong + 1 : wrong, 1);
        }, 1, mask);
    }

    private boolean[][] saliencyMask(NDManager manager) {
        float[][] sum = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            sum[i] = new float[params[i].length];
        }
        for (int start = 0; start < forget.size(); start += method.batch()) {
            Batch b = new Batch(Math.min(method.batch(), forget.size() - start));
            for (int k = start; k < start + b.capacity; k++) {
                b.oneHot(forget, k, 1);
            }
            float[][] g = gradients(manager, b);
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    sum[i][j] += g[i][j];
                }
            }
        }
        int total = 0;
        for (float[] s : sum) {
            total += s.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] s : sum) {
            for (float x : s) {
                all[at++] = Math.abs(x);
            }
        }
        Arrays.sort(all);
        int keep = Math.max(1, (int) Math.round(method.sparsity() * total));
        float threshold = all[total - keep];
        boolean[][] mask = new boolean[params.length][];
        for (int i = 0; i < params.length; i++) {
            mask[i] = new boolean[params[i].length];
            for (int j = 0; j < mask[i].length; j++) {
                mask[i][j] = Math.abs(sum[i][j]) >= threshold;
            }
        }
        return mask;
    }

    private float[][] gradients(NDManager manager, Batch b) {
        return learner.gradients(manager, shapes, params, b.x, b.targets, b.size, b.x.length / b.capacity, classes,
                new float[0][], new int[0]);
    }

    /** One Adam step (Kingma and Ba, ICLR 2015) on the weights that {@code mask} allows (all when null). */
    private void adam(float[][] g, boolean[][] mask) {
        if (method.sgd()) {
            sgd(g, mask);
            return;
        }
        final float beta1 = 0.9f;
        final float beta2 = 0.999f;
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        float rate = (float) (method.rate() * Math.sqrt(c2) / c1);
        float eps = (float) (1e-8 * Math.sqrt(c2));
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g[i].length; j++) {
                if (mask != null && !mask[i][j]) {
                    continue;
                }
                float gj = g[i][j];
                m[i][j] = beta1 * m[i][j] + (1 - beta1) * gj;
                v[i][j] = beta2 * v[i][j] + (1 - beta2) * gj * gj;
                params[i][j] -= rate * m[i][j] / ((float) Math.sqrt(v[i][j]) + eps);
            }
        }
    }

    /** One step of SGD with momentum 0.9 (the momentum buffer is {@code m}) on the weights {@code mask} allows. */
    private void sgd(float[][] g, boolean[][] mask) {
        float rate = (float) method.rate();
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g[i].length; j++) {
                if (mask == null || mask[i][j]) {
                    m[i][j] = 0.9f * m[i][j] + g[i][j];
                    params[i][j] -= rate * m[i][j];
                }
            }
        }
    }

    /** Inputs and target weights of one step. */
    private final class Batch {
        final int capacity;
        final float[] x;
        final float[] targets;
        int size;
        float scale = 1;

        Batch(int capacity) {
            this.capacity = capacity;
            this.x = new float[capacity * model.encoder.width()];
            this.targets = new float[capacity * classes];
        }

        private void input(EncodedRows rows, int row) {
            System.arraycopy(rows.x(), row * rows.width(), x, size * rows.width(), rows.width());
            size++;
        }

        void oneHot(EncodedRows rows, int row, float weight) {
            oneHotRow(rows, row, rows.y()[row], weight);
        }

        void oneHotRow(EncodedRows rows, int row, int label, float weight) {
            input(rows, row);
            addOneHot(label, weight);
        }

        /** Adds to the targets of the last row added. */
        void addOneHot(int label, float weight) {
            targets[(size - 1) * classes + label] += weight * scale;
        }

        void soft(EncodedRows rows, int row, double[] probabilities, float weight) {
            input(rows, row);
            for (int k = 0; k < classes; k++) {
                targets[(size - 1) * classes + k] += (float) (weight * scale * probabilities[k]);
            }
        }
    }
}
