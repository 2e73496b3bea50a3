package dev.lethe.testing;

import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A minimal real family for testing the shared machinery (model files, the forget protocol): it
 * predicts the class frequencies of its training data (with add-{@code alpha} smoothing) and
 * forgets by decrementing counts. Refuses feature requests, to test refusals.
 */
public final class PriorFamily implements ModelFamily {

    @Override
    public String name() {
        return "test-prior";
    }

    @Override
    public String description() {
        return "class frequencies (test fixture)";
    }

    @Override
    public Learner<PriorModel> learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(name(), settings);
        double alpha = s.doubleValue("alpha", 1.0, 0, 1e6);
        s.rejectUnknown();
        return new PriorLearner(alpha, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        var common = dev.lethe.model.AbstractUnlearnableModel.Common.read(in);
        double alpha = in.readDouble();
        double[] counts = StateCodec.readDoubles(in);
        return new PriorModel(common.provenance(), common.records(), alpha, counts);
    }

    public record PriorLearner(double alpha, long seed) implements Learner<PriorModel> {
        @Override
        public String family() {
            return "test-prior";
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("alpha", Double.toString(alpha));
        }

        @Override
        public PriorModel fit(Dataset data) {
            double[] counts = new double[data.schema().numClasses()];
            for (int i = 0; i < data.size(); i++) {
                counts[data.label(i)]++;
            }
            Provenance p = Provenance.of(family(), settings(), seed, data.fingerprint(), data.size());
            return new PriorModel(p, new dev.lethe.model.TrainingRecords(data), alpha, counts);
        }
    }

    public static final class PriorModel extends AbstractUnlearnableModel {
        private final double alpha;
        private final double[] counts;

        PriorModel(Provenance p, dev.lethe.model.TrainingRecords records, double alpha, double[] counts) {
            super(p, records);
            this.alpha = alpha;
            this.counts = counts;
        }

        @Override
        public String family() {
            return "test-prior";
        }

        @Override
        public double predict(double[] row) {
            return dev.lethe.math.Vectors.argmax(counts);
        }

        @Override
        public double[] probabilities(double[] row) {
            double total = 0;
            for (double c : counts) {
                total += c + alpha;
            }
            double[] p = new double[counts.length];
            for (int k = 0; k < p.length; k++) {
                p[k] = (counts[k] + alpha) / total;
            }
            return p;
        }

        @Override
        public Map<String, double[]> parameters() {
            return Map.of("counts", counts.clone());
        }

        @Override
        protected void check(ForgetPlan plan) {
            if (plan.isFeature()) {
                throw new ForgetException("test-prior uses no features, so it cannot forget one");
            }
        }

        @Override
        protected Applied apply(ForgetPlan plan) {
            for (int i = 0; i < plan.rows().length; i++) {
                int row = plan.rows()[i];
                counts[records.label(row)]--;
                if (plan.isRelabel()) {
                    counts[(int) plan.newTargets()[i]]++;
                }
            }
            return Applied.exact();
        }

        @Override
        protected void digestParameters(StateDigest digest) {
            digest.add(alpha).add(counts);
        }

        @Override
        protected void writeParameters(DataOutputStream out) throws IOException {
            out.writeDouble(alpha);
            StateCodec.writeDoubles(out, counts);
        }
    }
}
