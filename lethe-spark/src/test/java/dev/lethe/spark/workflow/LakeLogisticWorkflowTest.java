package dev.lethe.spark.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.cli.SparkMain;
import dev.lethe.spark.home.HomeLake;
import dev.lethe.spark.home.LakeHomes;
import dev.lethe.spark.home.LakeRows;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeFixtures;
import dev.lethe.spark.logistic.LakeLogisticFamily;
import dev.lethe.spark.logistic.LakeLogisticModel;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake logistic family reached by the workflow: a subject request makes it forget like the other lake models. */
class LakeLogisticWorkflowTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void aSubjectRequestMakesTheLakeLogisticModelTakeItsNewtonRemovalStepWithReceiptAndLedgerEntry() throws Exception {
        Path home = dir.resolve("home");
        String table = dir.resolve("people.delta").toString();
        String master = "local[2,2]";
        LakeHomeSetup.peopleWithNb(home, LakeFixtures.csv(dir, 60, 6), table, master, 8);
        assertThat(SparkMain.run("train", "--master", master, "--home", home.toString(), "--dataset", "people", "--name",
                "logit", "--family", LakeLogisticFamily.NAME, "--set", "lambda=0.05")).isZero();
        // a numeric label is refused with a one-line error, before any model is stored
        assertThat(SparkMain.run("train", "--master", master, "--home", home.toString(), "--dataset", "people", "--name",
                "bad", "--family", LakeLogisticFamily.NAME, "--label", "income")).isEqualTo(2);

        LakeLogisticModel expected;
        Set<Long> subjectRows;
        String id;
        try (LetheHome h = LetheHome.open(home)) {
            assertThat(h.registry().models().find("bad")).isEmpty();
            HomeLake lake = LakeHomes.get(h.registry(), "people");
            LakeDataset opened = LakeDataset.open(spark, table);
            LakeRows rows = new LakeRows(spark, table, lake.buckets(), opened.idColumn(), opened.subjectColumn());
            subjectRows = java.util.Arrays.stream(rows.recordIds(new ForgetRequest.Subject("s5"))).boxed()
                    .collect(Collectors.toSet());
            assertThat(subjectRows).hasSize(10);
            // the same start, decoded from the stored version, forgets by DecrementalLogistic's own step
            expected = ((LakeLogisticModel) h.registry().models().load("logit", 1)).withRows(rows);
            String trained = expected.logistic().stateDigest();
            expected.logistic().forget(rows, new ForgetRequest.Subject("s5"));
            assertThat(expected.logistic().stateDigest()).isNotEqualTo(trained);
            id = new Workflow(h.registry()).submit(new ForgetRequest.Subject("s5"));
        }

        assertThat(SparkMain.run("worker", "--master", master, "--home", home.toString())).isZero();

        assertThat(spark.read().format("delta").load(table).where("subject = 's5'").count()).isZero();
        try (LetheHome h = LetheHome.open(home)) {
            RequestReceipt receipt = new Workflow(h.registry()).receipt(id).orElseThrow();
            assertThat(receipt.recordsErased()).isEqualTo(10);
            assertThat(receipt.models()).extracting(ModelReceipt::modelName).containsExactlyInAnyOrder("nb", "logit");
            ForgetReceipt logit = receipt.models().stream().filter(m -> m.modelName().equals("logit")).findFirst()
                    .orElseThrow().receipt();
            assertThat(logit.family()).isEqualTo(LakeLogisticFamily.NAME);
            assertThat(logit.guarantee()).isEqualTo(Guarantee.APPROXIMATE);
            assertThat(logit.recordCount()).isEqualTo(10);
            assertThat(logit.details()).containsEntry("rows_left", "50").containsKey("method");
            LedgerEntry entry = LedgerReceiptSink.inHome(home, h.registry()).entryOf(id).orElseThrow();
            assertThat(entry.receipt().details()).containsEntry("models", "2").containsEntry("recordsErased", "10");

            assertThat(h.registry().models().versions("logit")).extracting(v -> v.isPurged()).containsExactly(true, false);
            LakeLogisticModel forgot = (LakeLogisticModel) h.registry().models().load("logit",
                    h.registry().models().get("logit").currentVersion());
            assertThat(forgot.logistic().rows()).isEqualTo(50);
            assertThat(forgot.history().records()).isEqualTo(subjectRows);
            assertThat(forgot.logistic().coefficients()).containsExactly(expected.logistic().coefficients());
            assertThat(forgot.logistic().stateDigest()).isEqualTo(expected.logistic().stateDigest());
            assertThat(logit.digestAfter()).isEqualTo(forgot.stateDigest());
        }
    }
}
