package dev.lethe.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.spark.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LetheEstimatorTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    private Dataset<Row> frame() {
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 120; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            String colour = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
            rows.add(RowFactory.create((long) (1000 + i), "p" + (i % 30), a, b, colour, a + 0.5 * b > 0 ? "yes" : "no"));
        }
        StructType schema = new StructType().add("lethe_record_id", DataTypes.LongType).add("subject", DataTypes.StringType)
                .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("colour", DataTypes.StringType)
                .add("label", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void aPipelineWithTheEstimatorRoundTripsThroughSaveAndLoadAndForgets() throws Exception {
        Dataset<Row> data = frame();
        LetheEstimator estimator = new LetheEstimator().setFamily("nb").setSettings("alpha=0.5").setSeed(7)
                .setFeaturesCols("a", "b2", "colour");
        SQLTransformer square = new SQLTransformer().setStatement("SELECT *, b * b AS b2 FROM __THIS__");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {square, estimator});
        PipelineModel fitted = pipeline.fit(data);
        List<Row> before = fitted.transform(data).select("prediction", "probability").collectAsList();
        assertThat(before).hasSize(120);
        assertThat(((Vector) before.get(0).get(1)).size()).isEqualTo(2);

        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> after = loaded.transform(data).select("prediction", "probability").collectAsList();
        assertThat(after).isEqualTo(before);

        LetheModel model = (LetheModel) loaded.stages()[1];
        assertThat(model.getOrDefault(model.settings())).isEqualTo("alpha=0.5");
        String digest = model.lethe().stateDigest();
        ForgetReceipt receipt = model.forget(new ForgetRequest.Subject("p3"));
        assertThat(receipt.recordCount()).isEqualTo(4);
        assertThat(receipt.digestBefore()).isEqualTo(digest);
        assertThat(model.lethe().stateDigest()).isNotEqualTo(digest);
        // the forgetting model scores like one trained without the subject
        PipelineModel retrained = pipeline.fit(data.where("subject <> 'p3'"));
        List<Row> forgot = loaded.transform(data).select("probability").collectAsList();
        List<Row> expected = retrained.transform(data).select("probability").collectAsList();
        for (int i = 0; i < forgot.size(); i++) {
            assertThat(((Vector) forgot.get(i).get(0)).toArray())
                    .containsExactly(((Vector) expected.get(i).get(0)).toArray(), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(forgot).isNotEqualTo(after);
    }
}
