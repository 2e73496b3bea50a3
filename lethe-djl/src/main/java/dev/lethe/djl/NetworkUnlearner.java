package dev.lethe.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs one {@link UnlearningMethod} on a copy of a network's weights. Every method is a sequence of
 * mini-batch steps whose loss is the cross-entropy against per-row <em>target weights</em>
 * {@code −Σ_k t_k·log softmax(z)_k / b}: a one-hot row descends the loss, a negated one ascends it,
 * and a teacher's probabilities give KL(teacher‖student) up to a constant (SCRUB). So one gradient
 * routine ({@link ResidentNetwork#pass}) serves all methods. The weights stay in PyTorch for the
 * whole run ({@link ResidentNetwork}): one copy in, one copy out. Batch order, random labels and
 * forget batches derive only from the method's seed; with PyTorch single-threaded the result is
 * bit-reproducible.
 */
final class NetworkUnlearner {

    private final NeuralLearner learner;
    private final Checkpoint model;
    private ResidentNetwork net;
    private final UnlearningMethod.Configured method;
    private final EncodedRows retain;
    private final EncodedRows forget;
    private final List<long[]> shapes;
    private final int classes;
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
        this.weights = new boolean[model.params.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = learner.architecture().fanIn(shapes, i) > 0;
        }
    }

    /** The weights after the method; the model's own are left as they were. */
    float[][] run() {
        try (ResidentNetwork resident = new ResidentNetwork(learner.architecture(), shapes, model.params,
                model.encoder.width(), classes)) {
            net = resident;
            switch (method.method()) {
                case FINETUNE -> descend(0);
                case L1_SPARSE -> descend(method.gamma());
                case GRADIENT_ASCENT -> ascend();
                case NEGGRAD_PLUS -> negGradPlus();
                case SCRUB -> scrub();
                case SALUN -> salun();
                default -> throw new IllegalStateException("unhandled method " + method.method());
            }
            repair();
            return resident.weights();
        } finally {
            net = null;
        }
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
     * A step that also serves the stopping rule, which fires after the first step that leaves the forget
     * set's accuracy at or below the threshold. Once the weights have moved, the step's own forward pass
     * (before its update) already tells how the weights after the previous step classify the forget rows in
     * this batch, at no extra cost; only when those are at or below the threshold is the whole of S checked
     * (one batched forward pass, no gradients), so the rule fires on S's accuracy, not on a batch's. Then
     * this step's update is dropped and the method stops.
     *
     * @param from       where the batch's forget rows start
     * @param forgetRows the forget rows of the batch, in batch order
     * @return true when S was already forgotten and the method stops
     */
    private boolean checkedStep(Batch b, NDList mask, int from, int[] forgetRows) {
        try (NDManager scope = net.scope()) {
            ResidentNetwork.Pass pass = net.pass(scope, b.x, b.targets, b.size);
            if (method.stops() && step > 0 && forgetRows.length > 0) {
                int[] labels = new int[forgetRows.length];
                for (int k = 0; k < labels.length; k++) {
                    labels[k] = forget.y()[forgetRows[k]];
                }
                if (pass.correct(from, labels) <= method.stopAt() * labels.length && forgetSetAtOrBelow(method.stopAt())) {
                    return true;
                }
            }
            update(pass.gradients(), mask, 0);
        }
        step++;
        return false;
    }

    /**
     * Whether the current weights' accuracy on S is at or below {@code threshold}: S is classified in chunks,
     * and the check ends as soon as more rows are right than the threshold allows (usually after the first
     * chunk while the rule has not fired yet), with the answer a pass over all of S would give.
     */
    private boolean forgetSetAtOrBelow(double threshold) {
        double allowed = threshold * forget.size();
        int correct = 0;
        for (int start = 0; start < forget.size(); start += CHECK_CHUNK) {
            int[] chunk = new int[Math.min(CHECK_CHUNK, forget.size() - start)];
            int first = start;
            Arrays.setAll(chunk, k -> first + k);
            correct += net.correct(forget, chunk);
            if (correct > allowed) {
                return false;
            }
        }
        return true;
    }

    /** Rows of S per forward pass of the stopping rule's check. */
    private static final int CHECK_CHUNK = 128;


    /**
     * The repair: {@code repair} epochs of plain fine-tuning on fresh retained samples (seeded apart from the
     * method's own), so what the ascent cost the retained classes is regained before the model is returned.
     */
    private void repair() {
        fineTune(method.epochs() + 1, method.repair(), 0);
    }

    /** Fine-tuning on R's samples; with {@code l1 > 0} the ℓ1 penalty of l1-sparse, decaying linearly to 0. */
    private void descend(double l1) {
        fineTune(0, method.epochs(), l1);
    }

    /** {@code epochs} epochs of fine-tuning on R's samples {@code firstSample}, {@code firstSample + 1}, …. */
    private void fineTune(int firstSample, int epochs, double l1) {
        long total = 0;
        int[][] samples = new int[epochs][];
        for (int e = 0; e < samples.length; e++) {
            samples[e] = retainSample(firstSample + e);
            total += batches(samples[e].length);
        }
        long done = 0;
        for (int[] order : samples) {
            for (int start = 0; start < order.length; start += method.batch()) {
                step(batch(order, start, (b, row) -> b.oneHot(retain, row, 1)), null,
                        l1 > 0 ? (float) (l1 * (1 - (double) done / total)) : 0);
                done++;
            }
        }
    }

    /** The batch of {@code order}'s rows from {@code start} (at most one batch size), each added by {@code term}. */
    private Batch batch(int[] order, int start, RowTerm term) {
        Batch b = new Batch(Math.min(method.batch(), order.length - start));
        for (int k = start; k < start + b.capacity; k++) {
            term.add(b, order[k]);
        }
        return b;
    }

    /** Gradient ascent on S. */
    private void ascend() {
        for (int e = 0; e < method.epochs(); e++) {
            int[] order = shuffled(forget.size(), random(e, 1));
            for (int start = 0; start < order.length; start += method.batch()) {
                Batch b = batch(order, start, (batch, row) -> batch.oneHot(forget, row, -1));
                if (checkedStep(b, null, 0, Arrays.copyOfRange(order, start, start + b.capacity))) {
                    return;
                }
            }
        }
    }

    /**
     * Epochs over S and R's sample together; each step pairs a retained half-batch (weight α) with a
     * forget half-batch (weight −(1−α)), each term a mean over its own rows.
     */
    private void negGradPlus() {
        pairedPasses((b, row) -> b.oneHot(forget, row, (float) -(1 - method.alpha())), method.alpha(), null);
    }

    /** What a step's batch does with one of its rows (a forget row in a paired step). */
    private interface RowTerm {
        void add(Batch batch, int row);
    }

    /**
     * Each epoch visits every row of S and of R's sample once, in steps of a half-batch from each (the
     * shorter of the two cycles), so an epoch costs about 2·max(|S|, sample) gradients.
     */
    private void pairedPasses(RowTerm forgetTerm, double retainWeight, NDList mask) {
        int half = Math.max(1, method.batch() / 2);
        for (int e = 0; e < method.epochs(); e++) {
            int[] order = retainSample(e);
            int[] forgetOrder = shuffled(forget.size(), random(e, 1));
            int br = Math.min(half, order.length);
            int bs = Math.min(half, forgetOrder.length);
            int steps = Math.max((order.length + half - 1) / half, (forgetOrder.length + half - 1) / half);
            int r = 0;
            int f = 0;
            for (int t = 0; t < steps; t++) {
                Batch b = new Batch(br + bs);
                float scaleR = (float) ((double) b.capacity / br);
                float scaleS = (float) ((double) b.capacity / bs);
                for (int k = 0; k < br; k++) {
                    b.oneHot(retain, order[r++ % order.length], (float) retainWeight * scaleR);
                }
                b.scale = scaleS;
                int[] rows = new int[bs];
                for (int k = 0; k < bs; k++) {
                    rows[k] = forgetOrder[f++ % forgetOrder.length];
                    forgetTerm.add(b, rows[k]);
                }
                b.scale = 1;
                if (checkedStep(b, mask, br, rows)) {
                    return;
                }
            }
        }
    }

    /**
     * SCRUB: the teacher is the model before unlearning. Epoch e starts, while e &lt; max-epochs, with one
     * max pass over S (targets −p_teacher: ascend KL(teacher‖student)), then one min pass over R's sample
     * with targets α·p_teacher + γ·onehot (α·KL + γ·CE). The teacher's outputs are computed only for the
     * rows visited, batched in PyTorch before the student's first step (the student starts as the teacher).
     */
    private void scrub() {
        float[][] teacherForget = new float[forget.size()][];
        float[][] teacherRetain = new float[retain.size()][];
        int[] all = new int[forget.size()];
        Arrays.setAll(all, i -> i);
        teach(forget, teacherForget, all);
        for (int e = 0; e < method.epochs(); e++) {
            teach(retain, teacherRetain, retainSample(e));
        }
        for (int e = 0; e < method.epochs(); e++) {
            if (e < method.maxEpochs()) {
                int[] order = shuffled(forget.size(), random(e, 1));
                for (int start = 0; start < order.length; start += method.batch()) {
                    step(batch(order, start, (b, row) -> b.soft(forget, row, teacherForget[row], -1)), null, 0);
                }
            }
            int[] order = retainSample(e);
            for (int start = 0; start < order.length; start += method.batch()) {
                step(batch(order, start, (b, row) -> {
                    b.soft(retain, row, teacherRetain[row], (float) method.alpha());
                    b.addOneHot(retain.y()[row], (float) method.gamma());
                }), null, 0);
            }
        }
    }

    /**
     * Fills {@code cache} with the teacher's (the current, not yet moved, weights') probabilities for the
     * given rows it lacks, in batched forward passes.
     */
    private void teach(EncodedRows rows, float[][] cache, int[] wanted) {
        int[] missing = Arrays.stream(wanted).filter(r -> cache[r] == null).toArray();
        for (int start = 0; start < missing.length; start += TEACHER_BATCH) {
            int[] chunk = Arrays.copyOfRange(missing, start, Math.min(missing.length, start + TEACHER_BATCH));
            float[][] p = net.probabilities(rows, chunk);
            for (int k = 0; k < chunk.length; k++) {
                cache[chunk[k]] = p[k];
            }
        }
    }

    /** Rows per batched forward pass of the teacher: bounds its memory, not its result. */
    private static final int TEACHER_BATCH = 1024;

    /**
     * SalUn: the mask keeps the {@code sparsity} fraction of weights with the largest |∇ L(S)| (one pass
     * over S, gradients summed); then paired epochs over S and R's sample, each step pairing a retained batch with a forget
     * batch relabelled at random (never the true label), updating masked weights only.
     */
    private void salun() {
        NDList mask = net.mask(saliencyMask());
        Random labels = random(0, 2);
        pairedPasses((b, row) -> {
            int wrong = labels.nextInt(classes - 1);
            b.oneHotRow(forget, row, wrong >= forget.y()[row] ? wrong + 1 : wrong, 1);
        }, 1, mask);
    }

    private boolean[][] saliencyMask() {
        float[][] sum = new float[model.params.length][];
        try (NDManager scope = net.scope()) {
            NDList total = null;
            for (int start = 0; start < forget.size(); start += method.batch()) {
                Batch b = new Batch(Math.min(method.batch(), forget.size() - start));
                for (int k = start; k < start + b.capacity; k++) {
                    b.oneHot(forget, k, 1);
                }
                NDList g = net.pass(scope, b.x, b.targets, b.size).gradients();
                if (total == null) {
                    total = g;
                } else {
                    for (int i = 0; i < g.size(); i++) {
                        total.get(i).addi(g.get(i));
                    }
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] = total == null ? new float[model.params[i].length] : total.get(i).toFloatArray();
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
        boolean[][] mask = new boolean[sum.length][];
        for (int i = 0; i < sum.length; i++) {
            mask[i] = new boolean[sum[i].length];
            for (int j = 0; j < mask[i].length; j++) {
                mask[i][j] = Math.abs(sum[i][j]) >= threshold;
            }
        }
        return mask;
    }

    /**
     * One step on batch {@code b}: its gradients, the ℓ1 subgradient when {@code l1 > 0}, then an Adam or
     * SGD update of the weights {@code mask} allows (all when null), all in PyTorch.
     */
    private void step(Batch b, NDList mask, float l1) {
        try (NDManager scope = net.scope()) {
            update(net.pass(scope, b.x, b.targets, b.size).gradients(), mask, l1);
        }
        step++;
    }

    private void update(NDList g, NDList mask, float l1) {
        if (l1 > 0) {
            net.addL1(g, weights, l1);
        }
        if (method.sgd()) {
            net.sgd(g, mask, (float) method.rate());
        } else {
            net.adam(g, mask, method.rate());
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
            rows.copyRow(row, x, size * rows.width());
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

        void soft(EncodedRows rows, int row, float[] probabilities, float weight) {
            input(rows, row);
            for (int k = 0; k < classes; k++) {
                targets[(size - 1) * classes + k] += (float) (weight * scale * probabilities[k]);
            }
        }
    }
}
