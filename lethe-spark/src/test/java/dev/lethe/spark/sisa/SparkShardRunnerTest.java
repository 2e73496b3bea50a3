package dev.lethe.spark.sisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.ResidentShards;
import dev.lethe.models.sisa.ShardRunners;
import dev.lethe.models.sisa.SisaModel;
import dev.lethe.spark.TestSpark;
import dev.lethe.testing.RandomData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkShardRunnerTest {

    private final SparkSession spark = TestSpark.session();
    private final SparkShardRunner runner = (SparkShardRunner) ShardRunners.byName(SparkShardRunner.NAME);
    private final Dataset data = RandomData.classification(11, 240, 3, 1, 2);

    private static UnlearnableModel fit(String base, String runnerName, Dataset data) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("base", base, "shards", "6", "placement", "subject",
                "slices", "3"));
        if (runnerName != null) {
            settings.put("runner", runnerName);
        }
        return (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 42).fit(data);
    }

    @Test
    void shardsTrainedOnSparkAreBitIdenticalToLocalShardsAndAForgetRetrainsOnlyTheSubjectsShard() {
        for (String base : new String[] {"nb", "forest"}) {
            UnlearnableModel onSpark = fit(base, SparkShardRunner.NAME, data);
            UnlearnableModel local = fit(base, null, data);
            assertThat(onSpark.stateDigest()).as(base).isEqualTo(local.stateDigest());
            assertThat(runner.lastArtifacts()).hasSize(6).allSatisfy(a -> {
                assertThat(a.sha256()).hasSize(64);
                assertThat(a.path()).isEqualTo(ShardArtifact.TASK_RESULT);
            });
            for (int i = 0; i < data.size(); i += 17) {
                assertThat(onSpark.probabilities(data.row(i))).containsExactly(local.probabilities(data.row(i)));
            }

            ForgetRequest subject = new ForgetRequest.Subject(data.subjectId(0));
            ForgetReceipt sparkReceipt = onSpark.forget(subject);
            ForgetReceipt localReceipt = local.forget(subject);
            assertThat(runner.lastArtifacts()).hasSize(1);
            assertThat(sparkReceipt.details()).containsEntry("shards_retrained", localReceipt.details().get("shards_retrained"));
            assertThat(sparkReceipt.details().get("shards_retrained")).doesNotContain(",");
            // the shard resumes from the checkpoint before the subject's first slice, on Spark as locally
            assertThat(sparkReceipt.details()).containsEntry("slices_retrained", localReceipt.details().get("slices_retrained"));
            ForgetReceipt again = onSpark.forget(new ForgetRequest.Subject(data.subjectId(1)));
            ForgetReceipt againLocal = local.forget(new ForgetRequest.Subject(data.subjectId(1)));
            assertThat(again.details()).containsEntry("slices_retrained", againLocal.details().get("slices_retrained"));
            assertThat(again.digestAfter()).isEqualTo(againLocal.digestAfter());
            assertThat(sparkReceipt.digestAfter()).isEqualTo(localReceipt.digestAfter());
            assertThat(sparkReceipt.records()).containsExactly(localReceipt.records());
        }
    }

    @Test
    void aForgetRetrainsFromRowsResidentWhereItsShardRanRebuildsThemWhenLostAndLeavesNoForgottenRowThere() {
        for (String base : new String[] {"nb", "forest"}) {
            SisaModel onSpark = (SisaModel) fit(base, SparkShardRunner.NAME, data);
            UnlearnableModel local = fit(base, null, data);
            // local[*]: the executor is this JVM, so its resident rows are visible here
            assertThat(ResidentShards.rows(onSpark.residence())).as(base).isEqualTo(data.size());
            for (int s = 0; s < 3; s++) {
                String subject = data.subjectId(s * 50);
                long[] records = IntStream.range(0, data.size()).filter(i -> subject.equals(data.subjectId(i)))
                        .mapToLong(data::recordId).toArray();
                assertThat(ResidentShards.holdsContentOf(onSpark.residence(), records[0])).isTrue();
                if (s == 1) {
                    ResidentShards.release(onSpark.residence()); // the executor holding the rows was lost
                }
                if (s == 2) {
                    spark.sparkContext().conf().set(SparkShardRunner.FAIL_FIRST_ATTEMPT, "0");
                }
                ForgetReceipt receipt;
                try {
                    receipt = onSpark.forget(new ForgetRequest.Subject(subject));
                } finally {
                    spark.sparkContext().conf().remove(SparkShardRunner.FAIL_FIRST_ATTEMPT);
                }
                ForgetReceipt expected = local.forget(new ForgetRequest.Subject(subject));
                assertThat(receipt.digestAfter()).as(base + " forget " + s).isEqualTo(expected.digestAfter());
                assertThat(receipt.details()).isEqualTo(expected.details());
                for (long id : records) {
                    assertThat(ResidentShards.holdsContentOf(onSpark.residence(), id)).as("forgotten record " + id).isFalse();
                }
                assertThat(ResidentShards.rows(onSpark.residence())).isPositive();
            }
            for (int i = 0; i < data.size(); i += 13) {
                assertThat(onSpark.probabilities(data.row(i))).containsExactly(local.probabilities(data.row(i)));
            }
        }
    }

    @Test
    void withAnArtifactRootTheStatesTravelAsFilesThereThatAreDeletedOnceRead(@TempDir Path root) throws Exception {
        UnlearnableModel local = fit("forest", null, data);
        spark.sparkContext().conf().set(SparkShardRunner.ARTIFACTS, root.toUri().toString());
        UnlearnableModel onSpark;
        try {
            onSpark = fit("forest", SparkShardRunner.NAME, data);
        } finally {
            spark.sparkContext().conf().remove(SparkShardRunner.ARTIFACTS);
        }
        assertThat(onSpark.stateDigest()).isEqualTo(local.stateDigest());
        assertThat(runner.lastArtifacts()).hasSize(6).allSatisfy(a -> assertThat(a.path()).contains(root.toString()));
        try (Stream<Path> left = Files.walk(root)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aTaskLostOnceIsRetriedBySparkAndTheReceiptIsTheOneWithoutTheFailure() {
        UnlearnableModel onSpark = fit("nb", SparkShardRunner.NAME, data);
        UnlearnableModel local = fit("nb", null, data);
        ForgetRequest request = ForgetRequest.Records.of(data.recordId(3), data.recordId(4));
        int failuresBefore = SparkShardRunner.simulatedFailures();
        spark.sparkContext().conf().set(SparkShardRunner.FAIL_FIRST_ATTEMPT, "0");
        ForgetReceipt receipt;
        try {
            receipt = onSpark.forget(request);
        } finally {
            spark.sparkContext().conf().remove(SparkShardRunner.FAIL_FIRST_ATTEMPT);
        }
        assertThat(SparkShardRunner.simulatedFailures()).isEqualTo(failuresBefore + 1);
        ForgetReceipt expected = local.forget(request);
        assertThat(receipt.digestAfter()).isEqualTo(expected.digestAfter());
        assertThat(receipt.details()).isEqualTo(expected.details());
        assertThat(receipt.guarantee()).isEqualTo(expected.guarantee());
    }

    @Test
    void aTaskSparkGivesUpOnMakesTheForgetUnavailableAndLeavesTheModelAsItWas() {
        UnlearnableModel onSpark = fit("nb", SparkShardRunner.NAME, data);
        String before = onSpark.stateDigest();
        ForgetRequest request = ForgetRequest.Records.of(data.recordId(3), data.recordId(4));
        spark.sparkContext().conf().set(SparkShardRunner.FAIL_EVERY_ATTEMPT, "0");
        try {
            // UNAVAILABLE, not a refusal: the workflow keeps the batch and carries it out later
            assertThatThrownBy(() -> onSpark.forget(request)).isInstanceOf(dev.lethe.model.UnavailableException.class)
                    .hasMessageContaining("Spark gave up on a shard task");
        } finally {
            spark.sparkContext().conf().remove(SparkShardRunner.FAIL_EVERY_ATTEMPT);
        }
        assertThat(onSpark.stateDigest()).isEqualTo(before);
        assertThat(onSpark.forget(request).records()).hasSize(2); // and forgets once Spark runs its tasks again
    }
}
