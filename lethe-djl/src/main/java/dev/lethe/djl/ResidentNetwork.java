package dev.lethe.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;

/**
 * A network's parameters held in PyTorch for the whole of one unlearning method's run: copied in once,
 * updated in place by SGD or Adam there, and copied out once at the end. Before, every mini-batch step
 * created the weights in PyTorch from Java arrays, read the gradients back and updated the weights in
 * Java; for a method of a few dozen steps that copying and the Java forward passes of its checks cost
 * more than the gradients. Forward passes without gradients (a stopping rule's accuracy check, SCRUB's
 * teacher) run batched here too. Operators are single-threaded ({@link Torch}), so a run is
 * bit-reproducible from its inputs.
 */
final class ResidentNetwork implements AutoCloseable {

    private final Architecture architecture;
    private final NDManager manager;
    private final List<long[]> shapes;
    private final NDList params = new NDList();
    private final NDList first = new NDList();
    private final NDList second = new NDList();
    private final int width;
    private final int classes;
    private long adamSteps;

    ResidentNetwork(Architecture architecture, List<long[]> shapes, float[][] weights, int width, int classes) {
        this.architecture = architecture;
        this.manager = Torch.newManager();
        this.shapes = shapes;
        this.width = width;
        this.classes = classes;
        for (int i = 0; i < weights.length; i++) {
            NDArray p = manager.create(weights[i], new Shape(shapes.get(i)));
            p.setRequiresGradient(true);
            params.add(p);
            first.add(manager.zeros(p.getShape()));
            second.add(manager.zeros(p.getShape()));
        }
    }

    /** The parameters as Java arrays (the one copy out). */
    float[][] weights() {
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).toFloatArray();
        }
        return out;
    }

    /** One 0/1 mask per parameter block, for updates restricted to some weights (SalUn); null for all. */
    NDList mask(boolean[][] keep) {
        NDList out = new NDList();
        for (int i = 0; i < keep.length; i++) {
            float[] m = new float[keep[i].length];
            for (int j = 0; j < m.length; j++) {
                m[j] = keep[i][j] ? 1f : 0f;
            }
            out.add(manager.create(m, new Shape(shapes.get(i))));
        }
        return out;
    }

    /** One forward and backward pass: the gradients, and the logits the forward pass computed on the way. */
    record Pass(NDList gradients, NDArray logits) {
        /** How many of the batch's rows from {@code from} on the logits classify as {@code labels}. */
        int correct(int from, int[] labels) {
            try (NDArray rows = logits.get(from + ":" + (from + labels.length)); NDArray predicted = rows.argMax(1);
                 NDArray asInts = predicted.toType(DataType.INT32, false);
                 NDArray expected = logits.getManager().create(labels); NDArray same = asInts.eq(expected);
                 NDArray count = same.sum()) {
                return (int) count.toType(DataType.INT64, false).getLong();
            }
        }
    }

    /**
     * The gradients of {@code −Σ_k t_k·log softmax(z)_k / b} over the first {@code b} rows of {@code x}
     * with per-row target weights {@code targets}, as fresh arrays owned by {@code scope}, and the logits
     * before the update (the weights' current predictions for those rows).
     */
    Pass pass(NDManager scope, float[] x, float[] targets, int b) {
        Torch.GRADIENTS.lock();
        try {
            NDArray xb = scope.create(Arrays.copyOf(x, b * width), new Shape(b, width));
            NDArray yb = scope.create(Arrays.copyOf(targets, b * classes), new Shape(b, classes));
            NDArray logits;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                logits = architecture.forward(params, xb, new NDList());
                logits.attach(scope);
                NDArray loss = logits.logSoftmax(1).mul(yb).sum().neg().div(b);
                collector.backward(loss);
            }
            NDList g = new NDList();
            for (NDArray p : params) {
                NDArray grad = p.getGradient();
                g.add(grad.duplicate());
                grad.muli(0);
                grad.close();
            }
            g.attach(scope);
            return new Pass(g, logits.stopGradient());
        } finally {
            Torch.GRADIENTS.unlock();
        }
    }

    /** Adds {@code strength·sign(w)} to the gradient of every weight block (not biases): the ℓ1 penalty's subgradient. */
    void addL1(NDList g, boolean[] weightBlocks, float strength) {
        for (int i = 0; i < g.size(); i++) {
            if (weightBlocks[i]) {
                try (NDArray sign = params.get(i).sign()) {
                    g.get(i).addi(sign.muli(strength));
                }
            }
        }
    }

    /** One step of SGD with momentum 0.9 on the weights {@code mask} allows (all when null). */
    void sgd(NDList g, NDList mask, float rate) {
        for (int i = 0; i < params.size(); i++) {
            NDArray m = first.get(i).muli(0.9f).addi(g.get(i));
            if (mask != null) {
                m.muli(mask.get(i));
            }
            try (NDArray step = m.mul(rate)) {
                params.get(i).subi(step);
            }
        }
    }

    /**
     * One Adam step (Kingma and Ba, ICLR 2015) on the weights {@code mask} allows: a masked-out weight's
     * moments stay zero, so it never moves.
     */
    void adam(NDList g, NDList mask, double rate) {
        final float beta1 = 0.9f;
        final float beta2 = 0.999f;
        adamSteps++;
        double c1 = 1 - Math.pow(beta1, adamSteps);
        double c2 = 1 - Math.pow(beta2, adamSteps);
        float step = (float) (rate * Math.sqrt(c2) / c1);
        float eps = (float) (1e-8 * Math.sqrt(c2));
        for (int i = 0; i < params.size(); i++) {
            NDArray gi = g.get(i);
            NDArray m = first.get(i);
            NDArray v = second.get(i);
            try (NDArray scaled = gi.mul(1 - beta1); NDArray squared = gi.mul(gi)) {
                m.muli(beta1).addi(scaled);
                v.muli(beta2).addi(squared.muli(1 - beta2));
            }
            if (mask != null) {
                m.muli(mask.get(i));
                v.muli(mask.get(i));
            }
            try (NDArray denominator = v.sqrt(); NDArray update = m.div(denominator.addi(eps))) {
                params.get(i).subi(update.muli(step));
            }
        }
    }

    /** How many of the given rows the current weights classify as their label: one batched forward pass. */
    int correct(EncodedRows rows, int[] which) {
        if (which.length == 0) {
            return 0;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray predicted = logits(scope, rows, which).argMax(1);
            int[] y = new int[which.length];
            for (int k = 0; k < which.length; k++) {
                y[k] = rows.y()[which[k]];
            }
            return (int) predicted.toType(DataType.INT32, false).eq(scope.create(y)).sum().toType(DataType.INT64, false).getLong();
        }
    }

    /** Softmax outputs of the current weights for the given rows, one array of {@code classes} per row. */
    float[][] probabilities(EncodedRows rows, int[] which) {
        float[][] out = new float[which.length][];
        if (which.length == 0) {
            return out;
        }
        try (NDManager scope = manager.newSubManager()) {
            float[] p = logits(scope, rows, which).softmax(1).toFloatArray();
            for (int k = 0; k < which.length; k++) {
                out[k] = Arrays.copyOfRange(p, k * classes, (k + 1) * classes);
            }
        }
        return out;
    }

    private NDArray logits(NDManager scope, EncodedRows rows, int[] which) {
        float[] x = new float[which.length * width];
        for (int k = 0; k < which.length; k++) {
            rows.copyRow(which[k], x, k * width);
        }
        NDArray logits = architecture.forward(params, scope.create(x, new Shape(which.length, width)), new NDList());
        logits.attach(scope);
        return logits;
    }

    /** A scope for one step's temporary arrays, closed after the step. */
    NDManager scope() {
        return manager.newSubManager();
    }

    @Override
    public void close() {
        manager.close();
    }
}
