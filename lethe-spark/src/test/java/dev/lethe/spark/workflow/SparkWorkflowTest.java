package dev.lethe.spark.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.ShardRunners;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.sisa.SparkShardRunner;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestReceipt;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkWorkflowTest {

    @TempDir
    Path dir;

    @Test
    void aSubjectRequestThroughTheWorkflowIsForgottenByASisaModelWhoseShardsRunOnSpark() {
        TestSpark.session();
        SparkShardRunner runner = (SparkShardRunner) ShardRunners.byName(SparkShardRunner.NAME);
        Dataset data = RandomData.classification(21, 120, 3, 1, 2);
        Map<String, String> settings = Map.of("base", "nb", "shards", "4", "placement", "subject", "runner", "spark");
        Ledger.initialiseIfNew(dir);
        try (LetheHome home = LetheHome.open(dir)) {
            Catalog catalog = new Catalog(home.registry());
            DatasetInfo info = catalog.importDataset("people", data, Map.of());
            catalog.train(new Catalog.TrainSpec("m", "people", "sisa", settings, 3L, 0, 0));
            String subject = data.subjectId(0);
            Workflow workflow = new Workflow(home.registry());
            String id = workflow.submit(new ForgetRequest.Subject(subject));

            assertThat(new Worker(home.registry(), Worker.Config.defaults()).drain()).isEqualTo(1);

            RequestReceipt receipt = workflow.receipt(id).orElseThrow();
            assertThat(receipt.models()).extracting(r -> r.modelName()).containsExactly("m");
            assertThat(receipt.models().get(0).receipt().details().get("shards_retrained")).doesNotContain(",");
            assertThat(runner.lastArtifacts()).hasSize(1);
            UnlearnableModel forgot = catalog.load("m");
            assertThat(forgot.provenance().settings()).containsEntry("runner", "spark");
            Dataset rest = home.registry().datasets().load(info.id());
            UnlearnableModel retrained = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 3L).fit(rest);
            for (int i = 0; i < data.size(); i += 11) {
                assertThat(forgot.probabilities(data.row(i))).containsExactly(retrained.probabilities(data.row(i)));
            }
        }
    }
}
