package dev.lethe.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.IncrementalLearner;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.TrainingRecords;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link NeuralModel} with mini-batch Adam (Kingma and Ba, ICLR 2015) on PyTorch through DJL.
 * Gradients come from PyTorch's autograd; the optimiser runs in Java on float arrays, so its whole
 * state fits in a {@link Checkpoint}. Initial weights (He et al., ICCV 2015), the batch order of
 * every epoch, the dropout masks and the shifts derive only from the seed, the step and the epoch; with PyTorch
 * single-threaded the same inputs give bit-identical weights.
 *
 * <p>Optional, all off by default: decoupled weight decay (AdamW, Loshchilov and Hutter, ICLR 2019:
 * each step shrinks every weight matrix by {@code rate·decay} of itself, separately from the Adam
 * update; biases are not decayed), inverted dropout (Srivastava et al., JMLR 2014) on the hidden
 * activations while training, cosine annealing of the step size within each training step, and random
 * shifts of square images ({@link ImageShifts}). The shifts are the one that matters for SISA on MNIST:
 * a constituent sees 1/S of the data, and shifted copies make up for much of what it lacks (measured
 * on a validation split of MNIST's training set, S = 16, R = 4: SISA 95.41 → 97.08 % accuracy,
 * the monolithic network 97.61 → 98.07 %; weight decay, dropout and annealing did not narrow the gap).
 *
 * <p>Incremental for SISA: step {@code r} of {@code R} trains {@code round(2·epochs/(R+1))} epochs
 * (at least one) over every slice seen so far, so that R steps cost about as much as {@code epochs}
 * epochs over the shard, as in Bourtoule et al. (IEEE S&amp;P 2021, §IV-C); a single step trains
 * {@code epochs} epochs.
 */
public final class NeuralLearner implements IncrementalLearner<NeuralModel> {

    /**
     * @param layers       hidden layer widths (mlp) or the two convolution channel counts (cnn)
     * @param epochs       passes over the data
     * @param batchSize    records per gradient step
     * @param learningRate Adam's step size
     * @param globalScaling one mean and spread for all numeric inputs (pixels) instead of one per feature
     * @param decay        decoupled weight decay λ (AdamW): weights shrink by {@code learningRate·λ} per step; 0 for none
     * @param dropout      probability of dropping a hidden activation while training, in [0, 1); 0 for none
     * @param cosine       anneal the step size from {@code learningRate} to 0 along a half cosine within each
     *                     training step (SISA slice), instead of keeping it constant
     * @param shift        for square greyscale images: each training image moves by up to this many pixels
     *                     in each direction, at random, every time it is seen; 0 for none
     */
    public record Options(int[] layers, int epochs, int batchSize, double learningRate, boolean globalScaling,
                          double decay, double dropout, boolean cosine, int shift) {

        /** The most pixels {@code shift} may move an image by. */
        public static final int MAX_SHIFT = 8;

        /** Options without weight decay, dropout, annealing or shifts. */
        public Options(int[] layers, int epochs, int batchSize, double learningRate, boolean globalScaling) {
            this(layers, epochs, batchSize, learningRate, globalScaling, 0, 0, false, 0);
        }

        public Options {
            if (epochs < 1 || epochs > 10_000) {
                throw new OptionsException("setting 'epochs': expected a value in [1, 10000], got " + epochs);
            }
            if (batchSize < 1 || batchSize > 1 << 20) {
                throw new OptionsException("setting 'batch': expected a value in [1, 1048576], got " + batchSize);
            }
            if (!(learningRate > 0 && learningRate <= 10)) {
                throw new OptionsException("setting 'rate': expected a value in (0, 10], got " + learningRate);
            }
            if (!(decay >= 0 && decay <= 100)) {
                throw new OptionsException("setting 'decay': expected a value in [0, 100], got " + decay);
            }
            if (!(learningRate * decay < 1)) {
                throw new OptionsException("setting 'decay': rate·decay must stay below 1 (each step shrinks the weights by it), got "
                        + learningRate + "·" + decay + " = " + learningRate * decay);
            }
            if (shift < 0 || shift > MAX_SHIFT) {
                throw new OptionsException("setting 'shift': expected a value in [0, " + MAX_SHIFT + "], got " + shift);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new OptionsException("setting 'dropout': expected a value in [0, 1), got " + dropout);
            }
            for (int l : layers) {
                if (l < 1 || l > 1 << 16) {
                    throw new OptionsException("layer width must lie in [1, 65536], got " + l);
                }
            }
            layers = layers.clone();
        }

        @Override
        public int[] layers() {
            return layers.clone();
        }
    }

    /**
     * Which options follow the input rather than a fixed default ({@code scaling=auto}, {@code shift=auto},
     * the defaults): for square greyscale images ({@link ImageShifts#fits}) one global pixel scaling and
     * 1-pixel shifts, otherwise the family's scaling and no shifts. Decided from the schema alone, so
     * every shard, slice and retrain of the same data decides alike. On MNIST under SISA (16 shards)
     * the shifts are what brings the constituents within about a point of the monolithic network
     * (lethe-bench/results/sisa.md).
     */
    public record FitToInput(boolean scaling, boolean shift) {
        public static final FitToInput NONE = new FitToInput(false, false);
    }

    private final String family;
    private final Architecture architecture;
    private final Options options;
    private final FitToInput auto;
    private final Map<String, String> settings;
    private final long seed;

    NeuralLearner(String family, Architecture architecture, Options options, FitToInput auto, Map<String, String> settings,
                  long seed) {
        this.family = family;
        this.architecture = architecture;
        this.options = options;
        this.auto = auto;
        this.settings = Map.copyOf(settings);
        this.seed = seed;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public long seed() {
        return seed;
    }

    public Options options() {
        return options;
    }

    /** The options as they apply to data of {@code schema}: {@link FitToInput auto} settings resolved. */
    public Options options(dev.lethe.data.Schema schema) {
        boolean images = ImageShifts.fits(schema);
        boolean global = auto.scaling() ? images || options.globalScaling() : options.globalScaling();
        int shift = auto.shift() ? (images ? 1 : 0) : options.shift();
        return new Options(options.layers(), options.epochs(), options.batchSize(), options.learningRate(), global,
                options.decay(), options.dropout(), options.cosine(), shift);
    }

    Architecture architecture() {
        return architecture;
    }

    @Override
    public NeuralModel fit(Dataset data) {
        return model(trainStep(null, data, 0, 1), data);
    }

    @Override
    public NeuralModel model(byte[] checkpoint, Dataset seen) {
        Checkpoint c = Checkpoint.fromBytes(checkpoint);
        Provenance p = Provenance.of(family, settings, seed, seen.fingerprint(), seen.size());
        return new NeuralModel(p, new TrainingRecords(seen), architecture, c);
    }

    /** Epochs of step {@code step} of {@code steps}. */
    int epochsFor(int step, int steps) {
        return steps == 1 ? options.epochs() : Math.max(1, (int) Math.round(2.0 * options.epochs() / (steps + 1)));
    }

    @Override
    public byte[] trainStep(byte[] checkpoint, Dataset seen, int step, int steps) {
        if (!seen.schema().isClassification()) {
            throw new DataException(family + " is a classifier; the target '" + seen.schema().target().name() + "' is numeric");
        }
        Checkpoint c = checkpoint == null ? initial(seen) : Checkpoint.fromBytes(checkpoint);
        if (c.encoder.features() != seen.numFeatures() || c.classes != seen.schema().numClasses()) {
            throw new DataException(family + ": the checkpoint is for " + c.encoder.features() + " features and " + c.classes
                    + " classes, the data has " + seen.numFeatures() + " and " + seen.schema().numClasses());
        }
        train(c, seen, epochsFor(step, steps), step);
        return c.toBytes();
    }

    private Checkpoint initial(Dataset seen) {
        InputEncoder encoder = InputEncoder.fit(seen, options(seen.schema()).globalScaling());
        int classes = seen.schema().numClasses();
        List<long[]> shapes = architecture.shapes(encoder.width(), classes);
        Random random = new Random(seed);
        float[][] params = new float[shapes.size()][];
        float[][] m = new float[shapes.size()][];
        float[][] v = new float[shapes.size()][];
        for (int i = 0; i < params.length; i++) {
            int size = size(shapes.get(i));
            params[i] = new float[size];
            m[i] = new float[size];
            v[i] = new float[size];
            int fanIn = architecture.fanIn(shapes, i);
            if (fanIn > 0) {
                double sd = Math.sqrt(2.0 / fanIn);
                for (int j = 0; j < size; j++) {
                    params[i][j] = (float) (random.nextGaussian() * sd);
                }
            }
        }
        return new Checkpoint(encoder, classes, params, m, v, 0);
    }

    private static int size(long[] shape) {
        long s = 1;
        for (long d : shape) {
            s *= d;
        }
        return Math.toIntExact(s);
    }

    private void train(Checkpoint c, Dataset seen, int epochs, int step) {
        int n = seen.size();
        if (n == 0) {
            return;
        }
        int w = c.encoder.width();
        float[] x = new float[n * w];
        int[] y = new int[n];
        double[] row = new double[seen.numFeatures()];
        for (int i = 0; i < n; i++) {
            seen.copyRow(i, row);
            c.encoder.encode(row, x, i * w);
            y[i] = seen.label(i);
        }
        List<long[]> shapes = architecture.shapes(w, c.classes);
        int shift = options(seen.schema()).shift();
        ImageShifts shifts = shift > 0 ? ImageShifts.of(c.encoder, shift) : null;
        int batch = options.batchSize();
        float[] bx = new float[batch * w];
        float[] by = new float[batch * c.classes];
        int[] order = new int[n];
        int[] dropWidths = options.dropout() > 0 ? architecture.dropoutWidths(shapes) : new int[0];
        float[][] masks = new float[dropWidths.length][];
        for (int l = 0; l < masks.length; l++) {
            masks[l] = new float[batch * dropWidths[l]];
        }
        boolean[] decayed = new boolean[shapes.size()];
        for (int i = 0; i < decayed.length; i++) {
            decayed[i] = architecture.fanIn(shapes, i) > 0;
        }
        long total = (long) epochs * ((n + batch - 1) / batch);
        long done = 0;
        try (NDManager manager = Torch.newManager()) {
            for (int e = 0; e < epochs; e++) {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                long epochSeed = seed ^ (0x9E3779B97F4A7C15L * (step + 1)) ^ (0xC2B2AE3D27D4EB4FL * (e + 1));
                Random shuffle = new Random(epochSeed);
                Random dropping = new Random(Long.rotateLeft(epochSeed, 29) ^ 0xD6E8FEB86659FD93L);
                Random moving = new Random(Long.rotateLeft(epochSeed, 43) ^ 0xA0761D6478BD642FL);
                for (int i = n - 1; i > 0; i--) {
                    int j = shuffle.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start < n; start += batch) {
                    int b = Math.min(batch, n - start);
                    java.util.Arrays.fill(by, 0, b * c.classes, 0f);
                    for (int k = 0; k < b; k++) {
                        int r = order[start + k];
                        if (shifts == null) {
                            System.arraycopy(x, r * w, bx, k * w, w);
                        } else {
                            shifts.copyShifted(x, r * w, bx, k * w, moving);
                        }
                        by[k * c.classes + y[r]] = 1f;
                    }
                    for (int l = 0; l < masks.length; l++) {
                        fillMask(dropping, masks[l], b * dropWidths[l]);
                    }
                    float[][] g = gradients(manager, shapes, c.params, bx, by, b, w, c.classes, masks, dropWidths);
                    adam(c, g, decayed, annealing(done++, total));
                }
            }
        }
    }

    /** Inverted dropout: each of the first {@code count} entries is 0 with probability p, else 1/(1−p). */
    private void fillMask(Random random, float[] mask, int count) {
        double p = options.dropout();
        float kept = (float) (1 / (1 - p));
        for (int i = 0; i < count; i++) {
            mask[i] = random.nextDouble() < p ? 0f : kept;
        }
    }

    float[][] gradients(NDManager manager, List<long[]> shapes, float[][] params, float[] bx, float[] by, int b, int w,
                                int classes, float[][] masks, int[] dropWidths) {
        Torch.GRADIENTS.lock();
        try (NDManager batch = manager.newSubManager()) {
            NDList p = new NDList();
            for (int i = 0; i < params.length; i++) {
                NDArray a = batch.create(params[i], new Shape(shapes.get(i)));
                a.setRequiresGradient(true);
                p.add(a);
            }
            NDArray xb = batch.create(java.util.Arrays.copyOf(bx, b * w), new Shape(b, w));
            NDArray yb = batch.create(java.util.Arrays.copyOf(by, b * classes), new Shape(b, classes));
            try (GradientCollector collector = batch.getEngine().newGradientCollector()) {
                NDList m = new NDList();
                for (int l = 0; l < masks.length; l++) {
                    m.add(batch.create(java.util.Arrays.copyOf(masks[l], b * dropWidths[l]), new Shape(b, dropWidths[l])));
                }
                NDArray logits = architecture.forward(p, xb, m);
                NDArray loss = logits.logSoftmax(1).mul(yb).sum().neg().div(b);
                collector.backward(loss);
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

    /** One Adam step; with weight decay, first the decoupled shrinkage of the {@code decayed} blocks (AdamW). */
    /**
     * The step-size factor of batch {@code t} of {@code total} in this training step: 1, or with
     * cosine annealing (Loshchilov and Hutter, ICLR 2017) ½(1 + cos(π·t/total)).
     */
    private double annealing(long t, long total) {
        return options.cosine() ? 0.5 * (1 + Math.cos(Math.PI * t / total)) : 1;
    }

    private void adam(Checkpoint c, float[][] g, boolean[] decayed, double factor) {
        final float beta1 = 0.9f;
        final float beta2 = 0.999f;
        c.step++;
        double correction1 = 1 - Math.pow(beta1, c.step);
        double correction2 = 1 - Math.pow(beta2, c.step);
        float rate = (float) (factor * options.learningRate() * Math.sqrt(correction2) / correction1);
        float eps = (float) (1e-8 * Math.sqrt(correction2));
        float keep = (float) (1 - factor * options.learningRate() * options.decay());
        for (int i = 0; i < g.length; i++) {
            float[] p = c.params[i];
            if (decayed[i] && options.decay() > 0) {
                for (int j = 0; j < p.length; j++) {
                    p[j] *= keep;
                }
            }
            float[] m = c.m[i];
            float[] v = c.v[i];
            float[] gi = g[i];
            for (int j = 0; j < p.length; j++) {
                float gj = gi[j];
                m[j] = beta1 * m[j] + (1 - beta1) * gj;
                v[j] = beta2 * v[j] + (1 - beta2) * gj * gj;
                p[j] -= rate * m[j] / ((float) Math.sqrt(v[j]) + eps);
            }
        }
    }
}
