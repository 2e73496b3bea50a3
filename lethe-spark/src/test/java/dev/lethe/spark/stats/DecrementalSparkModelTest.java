package dev.lethe.spark.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.frame.FrameDatasets;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeFormat;
import dev.lethe.spark.lake.LakeImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecrementalSparkModelTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void treeAggregatedNbAndRidgeEqualTheLocalFamiliesBeforeAndAfterForgettingASubject() throws Exception {
        List<String> lines = new ArrayList<>(List.of("subject,x1,x2,cls,y"));
        Random r = new Random(3);
        for (int i = 0; i < 150; i++) {
            double x1 = r.nextGaussian() * 3 + 1;
            double x2 = r.nextGaussian();
            lines.add("s" + (i % 25) + "," + x1 + "," + x2 + "," + (x1 - x2 > 1 ? "yes" : "no") + "," + (2 * x1 - x2 + r.nextGaussian()));
        }
        Path csv = dir.resolve("t.csv");
        Files.write(csv, lines);
        LakeDataset table = LakeImporter.importTable(spark, csv.toString(), LakeFormat.CSV, "subject", null,
                dir.resolve("t").toString());
        List<String> features = List.of("x1", "x2");
        DecrementalSparkModel nb = DecrementalSparkModel.fit(spark, table, "nb", features, "cls", 1e-9);
        DecrementalSparkModel ridge = DecrementalSparkModel.fit(spark, table, "ridge", features, "y", 1.0);
        org.apache.spark.sql.Dataset<Row> frame = spark.read().format("delta").load(table.table());
        assertMatchesLocal(nb, ridge, frame);
        // a refit of the unchanged table plans and scans it again with every generated class from Spark's code
        // cache: nothing compiled anew, so the JIT has no new classes to compile either (lethe-bench/results/spark.md, fit7)
        long compiled = org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
        assertThat(compiled).as("the fits above compiled their generated classes").isPositive();
        assertThat(DecrementalSparkModel.fit(spark, table, "ridge", features, "y", 1.0).stateDigest()).isEqualTo(ridge.stateDigest());
        assertThat(org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount()).isEqualTo(compiled);

        ForgetReceipt receipt = nb.forgetSubject(spark, "s7");
        ridge.forgetSubject(spark, "s7");
        assertThat(receipt.recordCount()).isEqualTo(6);
        assertThat(receipt.request()).doesNotContain("s7");
        assertThat(nb.rows()).isEqualTo(144);
        assertMatchesLocal(nb, ridge, frame.where("subject <> 's7'"));
        // forgetting again finds nothing more to subtract
        assertThat(nb.forgetSubject(spark, "s7").recordCount()).isZero();
    }

    private static void assertMatchesLocal(DecrementalSparkModel nb, DecrementalSparkModel ridge,
                                           org.apache.spark.sql.Dataset<Row> frame) {
        Dataset classes = FrameDatasets.toDataset(frame, List.of("x1", "x2"), "cls", LakeImporter.RECORD_ID, "subject");
        Dataset targets = FrameDatasets.toDataset(frame, List.of("x1", "x2"), "y", LakeImporter.RECORD_ID, "subject");
        UnlearnableModel localNb = (UnlearnableModel) ModelFamilies.byName("nb").learner(Map.of(), 1).fit(classes);
        UnlearnableModel localRidge = (UnlearnableModel) ModelFamilies.byName("ridge").learner(Map.of("lambda", "1.0"), 1).fit(targets);
        double[] beta = ridge.coefficients();
        for (int i = 0; i < classes.size(); i += 7) {
            double[] x = classes.row(i);
            assertThat(nb.probabilities(x)).containsExactly(localNb.probabilities(x), offset(1e-9));
            assertThat(beta[0] + beta[1] * x[0] + beta[2] * x[1]).isCloseTo(localRidge.predict(targets.row(i)), offset(1e-8));
        }
    }
}
