package dev.lethe.audit.testing;

import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-only family that memorises its training data: a Gaussian-kernel classifier on standardised
 * features, p(c | x) ∝ α + Σ_i [y_i = c] exp(−‖x − x_i‖² / 2h²). With a small bandwidth it is a soft
 * 1-nearest-neighbour model, deliberately overfit, so membership inference must succeed on it. Its
 * forget is exact (it recomputes from the remaining rows). With {@code ignore-forgets=true} it keeps
 * using every row it was trained on (while its receipts still say EXACT): a broken method the audit
 * must catch.
 */
public final class KernelFamily implements ModelFamily {

    public static final String NAME = "test-kernel";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test-only Gaussian-kernel classifier that memorises";
    }

    @Override
    public Learner<?> learner(Map<String, String> settings, long seed) {
        Settings s = new Settings(NAME, settings);
        double h = s.doubleValue("bandwidth", 0.2, 1e-6, 1e6);
        double alpha = s.doubleValue("alpha", 0.05, 1e-9, 1e6);
        boolean lazy = s.booleanValue("ignore-forgets", false);
        s.rejectUnknown();
        return new KernelLearner(h, alpha, lazy, seed);
    }

    @Override
    public UnlearnableModel read(DataInputStream in, int stateVersion) throws IOException {
        AbstractUnlearnableModel.Common c = AbstractUnlearnableModel.Common.read(in);
        return new KernelModel(c.provenance(), c.records(), in.readDouble(), in.readDouble(), in.readBoolean());
    }

    record KernelLearner(double bandwidth, double alpha, boolean lazy, long seed) implements Learner<KernelModel> {
        @Override
        public String family() {
            return NAME;
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("bandwidth", Double.toString(bandwidth));
            m.put("alpha", Double.toString(alpha));
            m.put("ignore-forgets", Boolean.toString(lazy));
            return m;
        }

        @Override
        public KernelModel fit(Dataset data) {
            if (!data.schema().isClassification()) {
                throw new IllegalArgumentException("test-kernel classifies; got a regression target");
            }
            Provenance p = Provenance.of(NAME, settings(), seed, data.fingerprint(), data.size());
            return new KernelModel(p, new TrainingRecords(data), bandwidth, alpha, lazy);
        }
    }

    static final class KernelModel extends AbstractUnlearnableModel {
        private final double bandwidth;
        private final double alpha;
        private final boolean lazy;
        /**
         * With ignore-forgets, a copy of the rows as trained: the records scrub forgotten rows at
         * commit, so a method that ignores forgets must keep its own copy to go on using them.
         */
        private final Dataset trained;
        private int[] rows;
        private boolean[] active;
        private double[] mean;
        private double[] sd;

        KernelModel(Provenance p, TrainingRecords records, double bandwidth, double alpha, boolean lazy) {
            super(p, records);
            this.bandwidth = bandwidth;
            this.alpha = alpha;
            this.lazy = lazy;
            this.trained = lazy ? records.data().erasableCopy().data() : null;
            int d = records.schema().numFeatures();
            boolean[] act = new boolean[d];
            for (int j = 0; j < d; j++) {
                act[j] = !records.isFeatureForgotten(j);
            }
            rebuild(records.remainingRows(), act);
        }

        private void rebuild(int[] live, boolean[] act) {
            int d = act.length;
            double[] m = new double[d];
            double[] s = new double[d];
            Dataset data = records.data();
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int r : live) {
                    sum += data.value(r, j);
                }
                m[j] = live.length == 0 ? 0 : sum / live.length;
                double q = 0;
                for (int r : live) {
                    q += (data.value(r, j) - m[j]) * (data.value(r, j) - m[j]);
                }
                s[j] = live.length < 2 || q == 0 ? 1 : Math.sqrt(q / live.length);
            }
            rows = live;
            active = act;
            mean = m;
            sd = s;
        }

        @Override
        public String family() {
            return NAME;
        }

        @Override
        public double predict(double[] row) {
            double[] p = probabilities(row);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            return best;
        }

        @Override
        public double[] probabilities(double[] row) {
            int c = schema().numClasses();
            double[] w = new double[c];
            java.util.Arrays.fill(w, alpha);
            Dataset data = lazy ? trained : records.data();
            double twoH2 = 2 * bandwidth * bandwidth;
            for (int r : rows) {
                double dist = 0;
                for (int j = 0; j < active.length; j++) {
                    if (active[j]) {
                        double z = (row[j] - data.value(r, j)) / sd[j];
                        dist += z * z;
                    }
                }
                w[lazy ? trained.label(r) : records.label(r)] += Math.exp(-dist / twoH2);
            }
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            for (int k = 0; k < c; k++) {
                w[k] /= sum;
            }
            return w;
        }

        @Override
        public Map<String, double[]> parameters() {
            Map<String, double[]> m = new LinkedHashMap<>();
            for (int j = 0; j < active.length; j++) {
                if (active[j]) {
                    m.put("scale:" + schema().feature(j).name(), new double[] {mean[j], sd[j]});
                }
            }
            return m;
        }

        @Override
        protected Applied apply(ForgetPlan plan) {
            if (lazy) {
                // a dishonest method: it changes nothing yet the base class's receipt will say EXACT
                return Applied.exact();
            }
            boolean[] act = active.clone();
            int[] live;
            if (plan.isFeature()) {
                act[plan.feature()] = false;
                live = rows;
            } else if (plan.removesRows()) {
                java.util.Set<Integer> gone = new java.util.HashSet<>();
                for (int r : plan.rows()) {
                    gone.add(r);
                }
                live = java.util.Arrays.stream(rows).filter(r -> !gone.contains(r)).toArray();
            } else {
                live = rows;
            }
            rebuild(live, act);
            return Applied.exact();
        }

        @Override
        protected void digestParameters(StateDigest digest) {
            digest.add(bandwidth).add(alpha).add(lazy ? 1 : 0);
        }

        @Override
        protected void writeParameters(DataOutputStream out) throws IOException {
            out.writeDouble(bandwidth);
            out.writeDouble(alpha);
            out.writeBoolean(lazy);
        }
    }

}
