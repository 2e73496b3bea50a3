package dev.lethe.spark.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.cli.SparkMain;
import dev.lethe.spark.frame.FrameDatasets;
import dev.lethe.spark.home.HomeLake;
import dev.lethe.spark.home.LakeHomes;
import dev.lethe.spark.home.LakeLookups;
import dev.lethe.spark.lake.LakeFixtures;
import dev.lethe.spark.lake.SubjectBuckets;
import dev.lethe.spark.stats.LakeStatisticsLearner;
import dev.lethe.spark.stats.LakeStatisticsModel;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeWorkflowTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void aSubjectRequestErasesTheLakeRowsAndTheLakeModelsForgetThemWithReceiptsAndLedgerEntries() throws Exception {
        Path home = dir.resolve("home");
        String table = dir.resolve("people.delta").toString();
        String master = "local[2,2]";
        LakeHomeSetup.peopleWithNb(home, LakeFixtures.csv(dir, 60, 6), table, master, 8);
        assertThat(SparkMain.run("train", "--master", master, "--home", home.toString(), "--dataset", "people", "--name",
                "ridge", "--family", "lake-ridge", "--label", "income", "--set", "lambda=0.5")).isZero();
        assertThat(SparkMain.run("train", "--master", master, "--home", home.toString(), "--dataset", "nobody", "--name", "x",
                "--family", "lake-nb")).isEqualTo(2);
        List<Row> gone = spark.read().format("delta").load(table).where("subject = 's5'").collectAsList();
        assertThat(gone).hasSize(10);
        List<String> values = new ArrayList<>();
        gone.forEach(r -> values.add(r.getAs("income").toString()));
        assertThat(LakeFixtures.valuesFound(spark, table, values)).isNotEmpty();
        String id;
        try (LetheHome h = LetheHome.open(home)) {
            HomeLake lake = LakeHomes.get(h.registry(), "people");
            // the subject's rows lie in one bucket partition, named by the keyed bucket only
            assertThat(gone.stream().map(r -> r.getAs(SubjectBuckets.COLUMN)).distinct()).containsExactly(lake.buckets().of("s5"));
            LakeLookups.assertTheLookupReadsOneBucketAndTheLogHoldsNoSubject(spark, table, lake);
            id = new Workflow(h.registry()).submit(new ForgetRequest.Subject("s5"));
        }

        assertThat(SparkMain.run("worker", "--master", master, "--home", home.toString())).isZero();

        // the rows left the lake's files, log included
        assertThat(spark.read().format("delta").load(table).where("subject = 's5'").count()).isZero();
        assertThat(spark.read().format("delta").load(table).count()).isEqualTo(50);
        assertThat(LakeFixtures.valuesFound(spark, table, values)).isEmpty();
        assertThat(LakeFixtures.valuesFound(spark, table, List.of("s5"))).isEmpty();
        try (LetheHome h = LetheHome.open(home)) {
            Workflow workflow = new Workflow(h.registry());
            RequestReceipt receipt = workflow.receipt(id).orElseThrow();
            assertThat(receipt.recordsErased()).isEqualTo(10);
            assertThat(receipt.datasets()).singleElement().asString().startsWith("people [lake: delta version ")
                    .contains("rows deleted 10").contains("old files physically gone true").contains("log scrubbed true");
            assertThat(receipt.models()).extracting(ModelReceipt::modelName).containsExactly("nb", "ridge");
            assertThat(receipt.models()).allSatisfy(m -> assertThat(m.receipt().recordCount()).isEqualTo(10));
            LedgerEntry entry = LedgerReceiptSink.inHome(home, h.registry()).entryOf(id).orElseThrow();
            assertThat(entry.receipt().details()).containsEntry("models", "2").containsEntry("recordsErased", "10");

            // each lake model equals one trained afresh on the rows the lake still holds, and its old version is purged
            for (String name : List.of("nb", "ridge")) {
                assertThat(h.registry().models().versions(name)).extracting(v -> v.isPurged()).containsExactly(true, false);
                UnlearnableModel forgot = h.registry().models().load(name, h.registry().models().get(name).currentVersion());
                LakeStatisticsModel fresh = new LakeStatisticsLearner(forgot.family(), forgot.provenance().settings(), 1L)
                        .fitLake(spark, table, forgot.schema());
                assertThat(((LakeStatisticsModel) forgot).rows()).isEqualTo(50);
                // and the in-memory learner (the family's retrain oracle) on the same rows agrees
                List<String> features = forgot.schema().features().stream().map(a -> a.name()).toList();
                LakeStatisticsModel oracle = new LakeStatisticsLearner(forgot.family(), forgot.provenance().settings(), 1L)
                        .fit(FrameDatasets.toDataset(spark.read().format("delta").load(table), features,
                                forgot.schema().target().name(), "lethe_record_id", "subject"));
                for (double[] x : List.of(new double[] {25.5, 1100.25}, new double[] {61.0, 1300.0})) {
                    double[] row = forgot.schema().numFeatures() == 2 ? x : new double[] {x[0]};
                    assertThat(output(forgot, row)).containsExactly(output(fresh, row), within(1e-6))
                            .containsExactly(output(oracle, row), within(1e-6));
                }
            }
        }
    }

    /** Class probabilities of a classifier, the prediction of a regressor. */
    private static double[] output(UnlearnableModel m, double[] row) {
        return m.schema().isClassification() ? m.probabilities(row) : new double[] {m.predict(row)};
    }
}
