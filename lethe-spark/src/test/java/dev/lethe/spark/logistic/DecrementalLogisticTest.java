package dev.lethe.spark.logistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.math.LogisticNewton;
import dev.lethe.math.LogisticObjective;
import dev.lethe.math.SparseRows;
import dev.lethe.math.SymmetricMatrix;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.home.LakeRows;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeImporter;
import dev.lethe.spark.lake.SubjectBuckets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecrementalLogisticTest {

    private static final double LAMBDA = 0.01;

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    private final List<double[]> xs = new ArrayList<>();
    private final List<Integer> ys = new ArrayList<>();
    private final List<String> subjects = new ArrayList<>();

    private List<Row> rows() {
        Random r = new Random(11);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            String subject = "p" + (i % 24);
            // subject p3 leans the other way, so forgetting it moves the weights measurably
            boolean yes = (subject.equals("p3") ? -a : a) + 0.5 * b + 0.7 * r.nextGaussian() > 0;
            xs.add(new double[] {1, a, b});
            ys.add(yes ? 1 : 0);
            subjects.add(subject);
            out.add(RowFactory.create((long) i, subject, a, b, yes ? "yes" : "no"));
        }
        return out;
    }

    private int[] keep(String without) {
        return IntStream.range(0, xs.size()).filter(i -> !subjects.get(i).equals(without)).toArray();
    }

    private int[] labels() {
        return ys.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The local family's objective on the same design. */
    private LogisticObjective objective() {
        SparseRows.Builder b = new SparseRows.Builder(3);
        xs.forEach(b::addDense);
        return new LogisticObjective(b.build(), 1, LAMBDA, new double[3]);
    }

    /** The local family's Newton solver on the rows whose subject is not {@code without}. */
    private LogisticNewton.Result local(String without) {
        return LogisticNewton.minimise(objective(), keep(without), labels(), 1e-12, 100);
    }

    private double remainingGradientNorm(double[] w) {
        return distance(objective().gradient(w, keep("p3"), labels()), new double[3]);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static void assertSameMatrix(SymmetricMatrix actual, SymmetricMatrix expected) {
        for (int i = 0; i < expected.dimension(); i++) {
            for (int j = 0; j <= i; j++) {
                assertThat(actual.get(i, j)).isCloseTo(expected.get(i, j), within(1e-9 * expected.frobeniusNorm()));
            }
        }
    }

    @Test
    void theHessianByTreeAggregateIsTheLocalFamilysAndAForgetReadsOnlyTheSubjectsRows() throws Exception {
        StructType schema = new StructType().add("rid", DataTypes.LongType).add("subject", DataTypes.StringType)
                .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("label", DataTypes.StringType);
        SubjectBuckets buckets = SubjectBuckets.fresh(8);
        String path = dir.resolve("people").toString();
        LakeDataset table = LakeImporter.importFrame(spark, spark.createDataFrame(rows(), schema).repartition(3), "subject",
                "rid", path, buckets);

        DecrementalLogistic model = DecrementalLogistic.fit(spark, table, List.of("a", "b"), "label", "yes", LAMBDA);
        LogisticNewton.Result all = local(null);
        assertThat(model.rows()).isEqualTo(240);
        assertThat(model.coefficients()).containsExactly(all.w(), within(1e-8));
        assertSameMatrix(model.hessian(), objective().hessian(model.coefficients(), keep(null)));
        assertThat(model.objectiveGradient()).containsExactly(new double[3], within(1e-8));

        // the subject's rows come from a predicate on its bucket partition and subject, never a full pass
        LakeRows source = new LakeRows(spark, path, buckets, "rid", "subject");
        String digest = model.stateDigest();
        ForgetReceipt receipt = model.forget(source, new ForgetRequest.Subject("p3"));
        long[] p3 = IntStream.range(0, 240).filter(i -> subjects.get(i).equals("p3")).asLongStream().toArray();
        assertThat(receipt.records()).containsExactlyInAnyOrder(p3);
        assertThat(receipt.digestBefore()).isEqualTo(digest);
        assertThat(model.rows()).isEqualTo(230);

        // one Newton step of the remaining data's objective (the weights did move): most of the way to
        // retraining without the subject, and the remaining data's gradient shrinks as a Newton step's does
        LogisticNewton.Result retrained = local("p3");
        double moved = distance(all.w(), retrained.w());
        assertThat(moved).isGreaterThan(0.1);
        assertThat(distance(model.coefficients(), retrained.w())).isLessThan(0.2 * moved);
        assertThat(remainingGradientNorm(model.coefficients())).isLessThan(0.2 * remainingGradientNorm(all.w()));
        // and it is exactly the local objective's Newton step from the trained weights
        double[] g = objective().gradient(all.w(), keep("p3"), labels());
        double[] step = objective().hessian(all.w(), keep("p3")).cholesky().solve(g);
        double[] newton = IntStream.range(0, 3).mapToDouble(j -> all.w()[j] - step[j]).toArray();
        assertThat(model.coefficients()).containsExactly(newton, within(1e-8));

        // forgetting the same subject again subtracts nothing
        String after = model.stateDigest();
        assertThat(model.forget(source, new ForgetRequest.Subject("p3")).records()).isEmpty();
        assertThat(model.stateDigest()).isEqualTo(after);

        // a refresh re-aggregates the remaining rows: the retrained model's weights and Hessian
        model.refresh(spark, table);
        assertThat(model.coefficients()).containsExactly(retrained.w(), within(1e-8));
        assertSameMatrix(model.hessian(), objective().hessian(model.coefficients(), keep("p3")));

        // the state written for the model file codec reads back the same, forgotten IDs included
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(new DataOutputStream(bytes));
        DecrementalLogistic read = DecrementalLogistic.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(read.forgotten()).containsExactlyInAnyOrderElementsOf(LongStream.of(p3).boxed().toList());

        // a request reaching every remaining row is refused and leaves the model as it was
        Set<Long> rest = IntStream.range(0, 240).filter(i -> !subjects.get(i).equals("p3")).mapToObj(i -> (long) i)
                .collect(Collectors.toSet());
        String kept = model.stateDigest();
        assertThatThrownBy(() -> model.forget(source, new ForgetRequest.Records(rest)))
                .isInstanceOf(ForgetException.class).hasMessageContaining("all 230 remaining rows");
        assertThat(model.stateDigest()).isEqualTo(kept);
    }
}
