package dev.lethe.spark.logistic;

import static org.apache.spark.sql.functions.col;

import dev.lethe.math.Cholesky;
import dev.lethe.math.SymmetricMatrix;
import dev.lethe.model.Digests;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.StateCodec;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.stats.LakeRowSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Binary L2-regularised logistic regression on a lake table, trained and forgotten with its
 * gradient and Hessian summed by Spark: each Newton iteration is one {@code treeAggregate} of
 * {@link LogisticTerms} over the table (the objective of Lethe's local {@code logistic} family on the
 * sum scale, J(w) = Σ ℓᵢ(w) + (λn/2)‖w‖², design [1, x]). The remaining data's loss Hessian is kept,
 * so a forget reads only the forgotten rows (through a {@link LakeRowSource}, whose predicate Delta
 * pushes down) and takes Guo et al.'s Newton removal step w ← w − H⁻¹∇ with their terms subtracted
 * ("Certified Data Removal from Machine Learning Models", ICML 2020): no pass over the table.
 *
 * <p>The step is second-order accurate, not exact, and the kept Hessian is the one formed at the
 * training weights less the forgotten rows' terms (as the local family keeps it), so receipts say
 * {@code APPROXIMATE}; {@link #refresh} re-aggregates at the current weights when that drift matters.
 */
public final class DecrementalLogistic {

    private static final double TOLERANCE = 1e-10;
    private static final int MAX_ITERATIONS = 50;

    private final String[] features;
    private final String label;
    private final String positive;
    private final double lambda;
    private double[] w;
    /** Σ ∇ℓᵢ of the remaining rows at {@link #w} (first-order after a removal step). */
    private double[] lossGradient;
    /** Σ ∇²ℓᵢ of the remaining rows, formed at the weights of the last aggregation, less forgotten rows' terms. */
    private SymmetricMatrix lossHessian;
    private long rows;
    private final Set<Long> forgotten = new HashSet<>();

    private DecrementalLogistic(String[] features, String label, String positive, double lambda) {
        this.features = features;
        this.label = label;
        this.positive = positive;
        this.lambda = lambda;
    }

    /**
     * @param features numeric feature columns
     * @param positive the label value that is class 1
     * @param lambda   the L2 weight λ > 0 (per row, as the local family's {@code lambda})
     */
    public static DecrementalLogistic fit(SparkSession spark, LakeDataset table, List<String> features, String label,
                                          String positive, double lambda) {
        if (!(lambda > 0) || features.isEmpty()) {
            throw new InvalidInputException("logistic on Spark: expected λ > 0 and at least one feature, got λ=" + lambda
                    + ", " + features.size() + " features");
        }
        DecrementalLogistic model = new DecrementalLogistic(features.toArray(String[]::new), label, positive, lambda);
        Dataset<Row> data = spark.read().format("delta").load(table.table()).select(model.columns());
        model.newton(data, new double[features.size() + 1]);
        return model;
    }

    /** Newton's method with backtracking, as the local family's; each evaluation one aggregation over {@code data}. */
    private void newton(Dataset<Row> data, double[] start) {
        double[] at = start.clone();
        LogisticTerms terms = aggregate(data, at);
        double n = terms.rows();
        double value = objective(terms, at, n);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] g = gradient(terms.gradient(), at, n);
            if (dev.lethe.math.Vectors.norm(g) / Math.max(1, n) <= TOLERANCE) {
                break;
            }
            double[] step = regularised(terms.hessian(), n).cholesky().solve(g);
            double slope = -dev.lethe.math.Vectors.dot(g, step);
            double t = 1;
            for (int halvings = 0; ; halvings++) {
                double[] next = new double[at.length];
                for (int j = 0; j < at.length; j++) {
                    next[j] = at[j] - t * step[j];
                }
                LogisticTerms nextTerms = aggregate(data, next);
                double nextValue = objective(nextTerms, next, n);
                if (nextValue <= value + 1e-4 * t * slope + 1e-13 * Math.abs(value) || halvings == 60) {
                    at = next;
                    terms = nextTerms;
                    value = nextValue;
                    break;
                }
                t /= 2;
            }
        }
        w = at;
        lossGradient = terms.gradient();
        lossHessian = terms.hessian();
        rows = terms.rows();
    }

    /** One pass: each partition sums its rows' terms at {@code at}, the driver adds the partials (depth 1: no shuffle). */
    private LogisticTerms aggregate(Dataset<Row> data, double[] at) {
        int d = features.length;
        return data.javaRDD().treeAggregate(new LogisticTerms(at, positive), (s, r) -> s.addRow(r, d), LogisticTerms::merge, 1);
    }

    /**
     * Aggregates over the remaining rows again at the current weights and converges from there (one pass
     * per Newton iteration, usually one or two): the kept Hessian and gradient become exact again.
     */
    public void refresh(SparkSession spark, LakeDataset table) {
        Set<Long> gone = new HashSet<>(forgotten);
        Column id = col(table.idColumn()).cast("long");
        Dataset<Row> data = spark.read().format("delta").load(table.table());
        if (!gone.isEmpty()) {
            data = data.where(org.apache.spark.sql.functions.not(id.isin(gone.toArray())));
        }
        newton(data.select(columns()), w);
    }

    private Column[] columns() {
        List<Column> c = new ArrayList<>();
        for (String f : features) {
            c.add(col(f).cast("double"));
        }
        c.add(col(label).cast("string"));
        return c.toArray(Column[]::new);
    }

    private double objective(LogisticTerms terms, double[] at, double n) {
        return terms.loss() + lambda * n / 2 * dev.lethe.math.Vectors.dot(at, at);
    }

    private double[] gradient(double[] loss, double[] at, double n) {
        double[] g = loss.clone();
        for (int j = 0; j < g.length; j++) {
            g[j] += lambda * n * at[j];
        }
        return g;
    }

    private SymmetricMatrix regularised(SymmetricMatrix loss, double n) {
        SymmetricMatrix h = loss.copy();
        h.addDiagonal(lambda * n);
        return h;
    }

    /**
     * Forgets the rows {@code request} names that are still in the table and not forgotten before: their
     * terms at the current weights come from {@code source} (a pushed-down predicate, no full pass), are
     * subtracted, and one Newton step with the remaining data's Hessian moves the weights.
     */
    public ForgetReceipt forget(LakeRowSource source, ForgetRequest request) {
        long start = System.nanoTime();
        String before = stateDigest();
        LogisticTerms removed = new LogisticTerms(w, positive);
        Set<Long> ids = new java.util.LinkedHashSet<>();
        for (Row r : source.rows(List.of(features), label, request)) {
            long id = r.getLong(features.length + 1);
            if (!forgotten.contains(id) && ids.add(id)) {
                removed.addRow(r, features.length);
            }
        }
        if (!ids.isEmpty() && removed.rows() >= rows) {
            throw new ForgetException(request.kind() + " request would remove all " + rows
                    + " remaining rows of the logistic model; delete the model instead");
        }
        double stepNorm = 0;
        if (!ids.isEmpty()) {
            double n = rows - removed.rows();
            double[] loss = lossGradient.clone();
            double[] out = removed.gradient();
            for (int j = 0; j < loss.length; j++) {
                loss[j] -= out[j];
            }
            SymmetricMatrix h = minus(lossHessian, removed.hessian());
            Cholesky factor = regularised(h, n).cholesky();
            double[] step = factor.solve(gradient(loss, w, n));
            double[] moved = h.multiply(step);
            for (int j = 0; j < w.length; j++) {
                w[j] -= step[j];
                loss[j] -= moved[j];
            }
            stepNorm = dev.lethe.math.Vectors.norm(step);
            lossGradient = loss;
            lossHessian = h;
            rows -= removed.rows();
            forgotten.addAll(ids); // only once the step succeeded: a failed forget leaves the model as it was
        }
        return new ForgetReceipt("spark-logistic", request.kind(), request.summary(),
                ids.stream().mapToLong(Long::longValue).toArray(), Guarantee.APPROXIMATE,
                Duration.ofNanos(System.nanoTime() - start), before, stateDigest(), Instant.now(),
                Map.of("rows_subtracted", Integer.toString(ids.size()), "rows_left", Long.toString(rows),
                        "newton_step_norm", Double.toString(stepNorm)));
    }

    /** {@code a − b} for two matrices of the same dimension. */
    private static SymmetricMatrix minus(SymmetricMatrix a, SymmetricMatrix b) {
        double[] v = a.lowerValues();
        double[] o = b.lowerValues();
        for (int i = 0; i < v.length; i++) {
            v[i] -= o[i];
        }
        return SymmetricMatrix.ofLower(v, a.dimension());
    }

    /** Weights: intercept first. */
    public double[] coefficients() {
        return w.clone();
    }

    /** P(label = positive | x). */
    public double probability(double[] x) {
        double s = w[0];
        for (int j = 0; j < x.length; j++) {
            s += w[j + 1] * x[j];
        }
        return dev.lethe.math.LogisticObjective.sigmoid(s);
    }

    /** The remaining data's Hessian Σ ∇²ℓᵢ + λn·I as kept (exact after training or {@link #refresh}). */
    public SymmetricMatrix hessian() {
        return regularised(lossHessian, rows);
    }

    /** ∇J of the remaining data at the current weights as kept (exact after training or {@link #refresh}). */
    public double[] objectiveGradient() {
        return gradient(lossGradient, w, rows);
    }

    public long rows() {
        return rows;
    }

    /** The record IDs forgotten so far (a repeated forget of one subtracts nothing). */
    public Set<Long> forgotten() {
        return java.util.Collections.unmodifiableSet(forgotten);
    }

    /** Writes the whole state (columns, λ, weights, kept gradient and Hessian, rows, forgotten IDs) for {@link #read}. */
    public void write(DataOutputStream out) throws IOException {
        StateCodec.writeStrings(out, List.of(features));
        out.writeUTF(label);
        out.writeUTF(positive);
        out.writeDouble(lambda);
        StateCodec.writeDoubles(out, w);
        StateCodec.writeDoubles(out, lossGradient);
        StateCodec.writeDoubles(out, lossHessian.lowerValues());
        out.writeLong(rows);
        StateCodec.writeLongs(out, forgotten.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** Restores a state written by {@link #write}. */
    public static DecrementalLogistic read(DataInputStream in) throws IOException {
        DecrementalLogistic m = new DecrementalLogistic(StateCodec.readStrings(in).toArray(String[]::new), in.readUTF(),
                in.readUTF(), in.readDouble());
        m.w = StateCodec.readDoubles(in);
        m.lossGradient = StateCodec.readDoubles(in);
        double[] lower = StateCodec.readDoubles(in);
        m.rows = in.readLong();
        int dimension = m.features.length + 1;
        if (m.w.length != dimension || m.lossGradient.length != dimension || lower.length != dimension * dimension) {
            throw new dev.lethe.model.ModelFileException("lake-logistic model file: state sizes do not match "
                    + m.features.length + " features");
        }
        m.lossHessian = SymmetricMatrix.ofLower(lower, dimension);
        for (long id : StateCodec.readLongs(in)) {
            m.forgotten.add(id);
        }
        return m;
    }

    /** SHA-256 over the weights, the kept gradient and Hessian and the row count. */
    public String stateDigest() {
        MessageDigest sha = Digests.sha256();
        ByteBuffer b = ByteBuffer.allocate(8);
        for (double[] part : new double[][] {w, lossGradient, lossHessian.lowerValues(), {rows}}) {
            for (double v : part) {
                sha.update(b.clear().putDouble(v).array());
            }
        }
        return Digests.hex(sha.digest());
    }
}
