package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.math.CompensatedMoments;
import dev.lethe.math.DoubleDouble;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * How a logistic model turns raw feature values into design columns, learned from the training rows
 * and stored in the model: each numeric value x becomes g(x) = sign(x)·log(1 + |x|) (or x itself
 * with {@code prepare=standardise}), then z = (g(x) − c)/s with a centre c and scale s per column,
 * and the features of each row (numeric z-scores and one-hot indicators, not the intercept) are
 * scaled to unit Euclidean length. Guo et al.'s bound (ICML 2020) is stated for ‖x‖ ≤ 1; raw columns
 * of very different scales (counts in the thousands next to fractions) make every removal's bound
 * large and exhaust the (ε, δ) budget at once, which this preparation avoids.
 *
 * <h2>What a removal certifies about the preparation</h2>
 * The statistics depend on the data, so a removed record could leave its trace in them. They are
 * therefore <em>quantised</em>: s is the standard deviation of g over the remaining rows rounded to
 * the nearest power of four on a log scale (so the prepared column's spread lies in [½, 2)), c their mean rounded to the nearest multiple of s (a
 * column with no spread gets s = 0 and contributes 0). The learner computes them from compensated
 * sums over the rows it trains on. A removal downdates those sums and recomputes the quantised
 * statistics of the remaining rows; when a value lies within a relative 10⁻⁹ of a rounding boundary,
 * where the downdated sums' rounding could decide, the sums are recomputed from the remaining rows
 * in training order, exactly as the learner would. So the removal knows the preparation a model
 * retrained on the remaining rows would have:
 * <ul>
 *   <li>if it is the one in the model (nearly always: one record moves a mean by about s/n), the
 *       stored preparation is exactly what retraining would produce and carries nothing of the removed
 *       record that retraining would not, and Guo et al.'s certificate for the weights, which holds
 *       for any fixed feature map, covers the whole model;</li>
 *   <li>if it differs, the model retrains from scratch on the remaining rows (a fresh draw of the
 *       training procedure) and the receipt says so ({@code retrained=true},
 *       {@code retrain_reason=preparation changed}).</li>
 * </ul>
 * Nothing weaker is claimed and nothing is left unaccounted: the certificate never relies on the
 * statistics being "almost" equal. Immutable.
 */
final class LogisticPreparation {

    /** A quantised value this close (relatively) to a rounding boundary is decided from sums recomputed from the rows. */
    private static final double MARGIN = 1e-9;

    private final LogisticLearner.Preparation mode;
    /** Per schema feature: the centre c (0 for categorical features and without preparation). */
    private final double[] centre;
    /** Per schema feature: the power-of-four scale s, or 0 for a numeric column without spread (1 for the rest). */
    private final double[] scale;

    private LogisticPreparation(LogisticLearner.Preparation mode, double[] centre, double[] scale) {
        this.mode = mode;
        this.centre = centre;
        this.scale = scale;
    }

    /** The identity: values enter as they are. */
    static LogisticPreparation none(Schema schema) {
        double[] scale = new double[schema.numFeatures()];
        Arrays.fill(scale, 1);
        return new LogisticPreparation(LogisticLearner.Preparation.NONE, new double[scale.length], scale);
    }

    /**
     * Learns the preparation from the training rows {@code rows} of {@code data}; forgotten features
     * get no statistics (centre and scale 0), so nothing of them is stored.
     */
    static LogisticPreparation learn(LogisticLearner.Preparation mode, Dataset data, int[] rows, boolean[] forgotten) {
        if (mode == LogisticLearner.Preparation.NONE) {
            return none(data.schema());
        }
        return quantise(mode, data.schema(), Sums.over(mode, data, rows), forgotten).preparation();
    }

    /**
     * The preparation a learner would learn from the remaining rows, given their downdated sums
     * (class Javadoc); {@code remaining} supplies those rows, ascending, and is called only near a
     * rounding boundary (a removal on the fast path reads no other row).
     */
    LogisticPreparation after(Sums downdated, Dataset data, java.util.function.Supplier<int[]> remaining, boolean[] forgotten) {
        if (mode == LogisticLearner.Preparation.NONE) {
            return this;
        }
        Quantised q = quantise(mode, data.schema(), downdated, forgotten);
        return q.ambiguous() ? quantise(mode, data.schema(), Sums.over(mode, data, remaining.get()), forgotten).preparation()
                : q.preparation();
    }

    /** This preparation with no statistics for feature {@code j} (forgotten). */
    LogisticPreparation without(int j) {
        double[] c = centre.clone();
        double[] s = scale.clone();
        c[j] = 0;
        s[j] = 0;
        return new LogisticPreparation(mode, c, s);
    }

    LogisticLearner.Preparation mode() {
        return mode;
    }

    boolean isIdentity() {
        return mode == LogisticLearner.Preparation.NONE;
    }

    /** The prepared value of numeric feature {@code j} before the row is scaled to unit length. */
    double value(int j, double raw) {
        if (mode == LogisticLearner.Preparation.NONE) {
            return raw;
        }
        return scale[j] == 0 ? 0 : (transform(mode, raw) - centre[j]) / scale[j];
    }

    /** Whether the features of each design row are scaled to unit length. */
    boolean unitRows() {
        return mode != LogisticLearner.Preparation.NONE;
    }

    static double transform(LogisticLearner.Preparation mode, double x) {
        return mode == LogisticLearner.Preparation.LOG1P_STANDARDISE ? Math.copySign(StrictMath.log1p(Math.abs(x)), x) : x;
    }

    private record Quantised(LogisticPreparation preparation, boolean ambiguous) {
    }

    private static Quantised quantise(LogisticLearner.Preparation mode, Schema schema, Sums sums, boolean[] forgotten) {
        int d = schema.numFeatures();
        double[] centre = new double[d];
        double[] scale = new double[d];
        boolean ambiguous = false;
        for (int j = 0; j < d; j++) {
            if (forgotten[j]) {
                continue;
            }
            if (schema.feature(j).isCategorical()) {
                scale[j] = 1;
                continue;
            }
            double variance = CompensatedMoments.variance(sums.first[j], sums.second[j], sums.count);
            if (!(variance > 0)) {
                continue;
            }
            double sd = Math.sqrt(variance);
            // sd = m·2^e with m in [1, 2); s = 4^k for sd in [2^(2k−1), 2^(2k+1)), boundaries at odd powers of two
            int e = Math.getExponent(sd);
            double m = sd / Math.scalb(1.0, e);
            boolean odd = (e & 1) != 0;
            ambiguous |= odd ? m - 1 <= MARGIN : 2 - m <= 2 * MARGIN;
            double s = Math.scalb(1.0, 2 * Math.floorDiv(e + 1, 2));
            double t = CompensatedMoments.mean(sums.first[j], sums.count) / s;
            double fraction = t - Math.floor(t);
            ambiguous |= Math.abs(fraction - 0.5) <= MARGIN || Math.abs(t) > 0x1p40;
            scale[j] = s;
            centre[j] = Math.rint(t) * s;
        }
        return new Quantised(new LogisticPreparation(mode, centre, scale), ambiguous);
    }

    /**
     * Compensated sums of g(x) and g(x)² per numeric column over a set of rows: what the quantised
     * statistics are computed from, downdated by removals (O(features) per removed row). Derived
     * from the rows, never stored.
     */
    static final class Sums {
        private final DoubleDouble[] first;
        private final DoubleDouble[] second;
        private final long count;
        private final LogisticLearner.Preparation mode;

        private Sums(LogisticLearner.Preparation mode, DoubleDouble[] first, DoubleDouble[] second, long count) {
            this.mode = mode;
            this.first = first;
            this.second = second;
            this.count = count;
        }

        /** The sums over {@code rows} of {@code data}, in the order given; null without preparation. */
        static Sums over(LogisticLearner.Preparation mode, Dataset data, int[] rows) {
            if (mode == LogisticLearner.Preparation.NONE) {
                return null;
            }
            int d = data.numFeatures();
            DoubleDouble[] first = new DoubleDouble[d];
            DoubleDouble[] second = new DoubleDouble[d];
            for (int j = 0; j < d; j++) {
                first[j] = new DoubleDouble();
                second[j] = new DoubleDouble();
            }
            Sums s = new Sums(mode, first, second, 0);
            return s.plus(data, rows, 1);
        }

        /** These sums without the rows {@code gone} of {@code data} (a copy; this one is unchanged). */
        Sums without(Dataset data, int[] gone) {
            return plus(data, gone, -1);
        }

        /**
         * These sums with a forgotten feature's moments zeroed (a copy): what summing its erased column
         * gives, so the live model keeps no aggregate of the feature and equals one reloaded from a file.
         */
        Sums withoutColumn(int feature) {
            DoubleDouble[] f = first.clone();
            DoubleDouble[] q = second.clone();
            f[feature] = new DoubleDouble();
            q[feature] = new DoubleDouble();
            return new Sums(mode, f, q, count);
        }

        /** The first moment of a feature's transformed values (package-private, for tests). */
        double firstMoment(int feature) {
            return first[feature].value();
        }

        private Sums plus(Dataset data, int[] rows, int sign) {
            Schema schema = data.schema();
            DoubleDouble[] f = new DoubleDouble[first.length];
            DoubleDouble[] q = new DoubleDouble[second.length];
            for (int j = 0; j < f.length; j++) {
                f[j] = first[j].copy();
                q[j] = second[j].copy();
            }
            for (int j = 0; j < f.length; j++) {
                if (schema.feature(j).isCategorical()) {
                    continue;
                }
                for (int i : rows) {
                    double g = transform(mode, data.value(i, j));
                    f[j].add(sign * g);
                    q[j].addProduct(sign * g, g);
                }
            }
            return new Sums(mode, f, q, count + (long) sign * rows.length);
        }
    }

    void digest(StateDigest d) {
        d.add(centre).add(scale);
    }

    void write(DataOutputStream out) throws IOException {
        StateCodec.writeDoubles(out, centre);
        StateCodec.writeDoubles(out, scale);
    }

    static LogisticPreparation read(DataInputStream in, LogisticLearner.Preparation mode, Schema schema) throws IOException {
        double[] centre = StateCodec.readDoubles(in);
        double[] scale = StateCodec.readDoubles(in);
        if (centre.length != schema.numFeatures() || scale.length != schema.numFeatures()) {
            throw new ModelFileException("corrupted logistic state: the preparation has " + centre.length + " centres and "
                    + scale.length + " scales for " + schema.numFeatures() + " features");
        }
        for (int j = 0; j < scale.length; j++) {
            if (!Double.isFinite(centre[j]) || !(scale[j] >= 0) || !Double.isFinite(scale[j])) {
                throw new ModelFileException("corrupted logistic state: feature " + j + " has centre " + centre[j]
                        + " and scale " + scale[j]);
            }
        }
        return new LogisticPreparation(mode, centre, scale);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogisticPreparation p && p.mode == mode && Arrays.equals(p.centre, centre)
                && Arrays.equals(p.scale, scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(centre) + Arrays.hashCode(scale);
    }
}
