package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.IncrementalLearner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import dev.lethe.model.UnlearnableModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;

/**
 * Test fixture {@code test-sgd}: softmax regression trained by plain SGD, one epoch per step in an
 * order shuffled from the seed and the step, so the result depends on order, step and seed, like a
 * neural network's. It is incremental (a checkpoint is the weight vector) and refuses to forget by
 * itself, so under SISA it exercises resuming from checkpoints.
 */
public final class SgdTestFamily implements ModelFamily {

    static final String NAME = "test-sgd";

    /** A failure the next training step throws, once (to test how SISA treats a failing constituent). */
    static final java.util.concurrent.atomic.AtomicReference<RuntimeException> NEXT_STEP_FAILS =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "incremental SGD softmax regression (test fixture)";
    }

    @Override
    public Learner learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(NAME, settings);
        double rate = s.doubleValue("rate", 0.05, 1e-9, 10);
        s.rejectUnknown();
        return new Learner(rate, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        AbstractUnlearnableModel.Common c = AbstractUnlearnableModel.Common.read(in);
        return new SgdModel(c.provenance(), c.records(), StateCodec.readDoubles(in), in.readInt());
    }

    public record Learner(double rate, long seed) implements IncrementalLearner<SgdModel> {
        @Override
        public String family() {
            return NAME;
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("rate", Double.toString(rate));
        }

        @Override
        public SgdModel fit(Dataset data) {
            return model(trainStep(null, data, 0, 1), data);
        }

        @Override
        public byte[] trainStep(byte[] checkpoint, Dataset seen, int step, int steps) {
            RuntimeException failure = NEXT_STEP_FAILS.getAndSet(null);
            if (failure != null) {
                throw failure;
            }
            int d = seen.numFeatures() + 1;
            int classes = seen.schema().numClasses();
            double[] w;
            if (checkpoint == null) {
                Random init = new Random(seed);
                w = new double[d * classes];
                for (int i = 0; i < w.length; i++) {
                    w[i] = init.nextGaussian() * 0.01;
                }
            } else {
                w = decode(checkpoint);
            }
            int[] order = new int[seen.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Random shuffle = new Random(seed * 31 + step);
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double[] x = new double[d];
            for (int i : order) {
                seen.copyRow(i, x);
                x[d - 1] = 1;
                double[] p = scores(w, x, classes);
                Vectors.softmaxInPlace(p);
                for (int c = 0; c < classes; c++) {
                    double g = p[c] - (seen.label(i) == c ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        w[c * d + j] -= rate * g * Math.tanh(x[j]);
                    }
                }
            }
            return encode(w, steps);
        }

        @Override
        public SgdModel model(byte[] checkpoint, Dataset seen) {
            Provenance p = Provenance.of(NAME, settings(), seed, seen.fingerprint(), seen.size());
            return new SgdModel(p, new TrainingRecords(seen), decode(checkpoint), seen.schema().numClasses());
        }
    }

    static double[] scores(double[] w, double[] x, int classes) {
        int d = x.length;
        double[] s = new double[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                s[c] += w[c * d + j] * Math.tanh(x[j]);
            }
        }
        return s;
    }

    static byte[] encode(double[] w, int steps) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            StateCodec.writeDoubles(out, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static double[] decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return StateCodec.readDoubles(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class SgdModel extends AbstractUnlearnableModel {
        private final double[] w;
        private final int classes;

        SgdModel(Provenance p, TrainingRecords r, double[] w, int classes) {
            super(p, r);
            this.w = w;
            this.classes = classes;
        }

        @Override
        public String family() {
            return NAME;
        }

        @Override
        public double predict(double[] row) {
            return Vectors.argmax(probabilities(row));
        }

        @Override
        public double[] probabilities(double[] row) {
            double[] x = java.util.Arrays.copyOf(row, row.length + 1);
            x[row.length] = 1;
            double[] p = scores(w, x, classes);
            Vectors.softmaxInPlace(p);
            return p;
        }

        @Override
        public Map<String, double[]> parameters() {
            return Map.of("w", w.clone());
        }

        @Override
        protected void check(ForgetPlan plan) {
            throw new ForgetException("test-sgd cannot forget by itself; use sisa");
        }

        @Override
        protected Applied apply(ForgetPlan plan) {
            throw new IllegalStateException();
        }

        @Override
        protected void digestParameters(StateDigest digest) {
            digest.add(w);
        }

        @Override
        protected void writeParameters(DataOutputStream out) throws IOException {
            StateCodec.writeDoubles(out, w);
            out.writeInt(classes);
        }
    }
}
