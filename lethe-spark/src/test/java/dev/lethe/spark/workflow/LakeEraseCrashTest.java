package dev.lethe.spark.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.engine.Step;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.cli.SparkMain;
import dev.lethe.spark.home.LakeErasureTarget;
import dev.lethe.spark.lake.LakeFixtures;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker killed after the lake erase and before the receipts' commit: the restarted one's receipt names the rows. */
class LakeEraseCrashTest {

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void aRestartAfterTheLakeEraseFinishesFromTheRecordedPlanAndTheReceiptNamesTheRows() throws Exception {
        Path home = dir.resolve("home");
        String table = dir.resolve("people.delta").toString();
        String master = "local[2]";
        LakeHomeSetup.peopleWithNb(home, LakeFixtures.csv(dir, 40, 4), table, master, 4);
        long rows = spark.read().format("delta").load(table).where("subject = 's3'").count();
        assertThat(rows).isPositive();
        String id;
        try (LetheHome h = LetheHome.open(home)) {
            id = new Workflow(h.registry()).submit(new ForgetRequest.Subject("s3"));
            Worker.Config crashAfterErase = Worker.Config.defaults().withFaults(step -> {
                if (step == Step.ERASE) {
                    throw new IllegalStateException("simulated crash after the registry's erase");
                }
            });
            try (Worker worker = new Worker(h.registry(), crashAfterErase)) {
                assertThatThrownBy(worker::drain).hasMessageContaining("simulated crash");
            }
            // the crashed worker had run the lake erase step (models forgot, rows deleted) when it died
            long batch = h.registry().requests().get(id).batchId();
            new LakeErasureTarget().erase(h.registry(), batch, Map.of(id, new ForgetRequest.Subject("s3")));
        }
        assertThat(spark.read().format("delta").load(table).where("subject = 's3'").count()).isZero();

        assertThat(SparkMain.run("worker", "--master", master, "--home", home.toString())).isZero();

        try (LetheHome h = LetheHome.open(home)) {
            RequestReceipt receipt = new Workflow(h.registry()).receipt(id).orElseThrow();
            assertThat(receipt.recordsErased()).isEqualTo(rows);
            assertThat(receipt.datasets()).singleElement().asString().startsWith("people [lake: delta version ")
                    .contains("rows deleted " + rows).contains("old files physically gone true");
            assertThat(receipt.models()).extracting(ModelReceipt::modelName).containsExactly("nb");
            assertThat(receipt.models()).allSatisfy(m -> assertThat(m.receipt().recordCount()).isEqualTo(rows));
        }
    }
}
