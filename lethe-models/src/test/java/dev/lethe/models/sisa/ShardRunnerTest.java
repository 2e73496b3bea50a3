package dev.lethe.models.sisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.testing.RandomData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardRunnerTest {

    @Test
    void aRunnerNamedInTheSettingsTrainsAndRetrainsTheShardsAndTheModelIsTheSame() {
        Dataset data = RandomData.classification(6, 120, 2, 1, 2);
        int tasks = CountingShardRunner.TASKS.get();
        int calls = CountingShardRunner.CALLS.get();
        SisaModel counted = SisaModelTest.learner(Map.of("base", "nb", "shards", "4", "runner", "test-counting"), 3).fit(data);
        assertThat(CountingShardRunner.TASKS.get() - tasks).isEqualTo(4);
        counted.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(CountingShardRunner.CALLS.get() - calls).isEqualTo(2);
        assertThat(CountingShardRunner.TASKS.get() - tasks).isEqualTo(5);
        assertThat(counted.provenance().settings()).containsEntry("runner", "test-counting");

        SisaModel local = SisaModelTest.learner(Map.of("base", "nb", "shards", "4"), 3).fit(data);
        local.forget(ForgetRequest.Records.of(data.recordId(0)));
        assertThat(local.provenance().settings()).doesNotContainKey("runner");
        for (int i = 0; i < data.size(); i++) {
            assertThat(counted.probabilities(data.row(i))).containsExactly(local.probabilities(data.row(i)));
        }
        // the runner is remembered: a loaded model retrains on it too
        SisaModel loaded = (SisaModel) ModelFile.fromBytes(ModelFile.toBytes(counted));
        loaded.forget(ForgetRequest.Records.of(data.recordId(1)));
        assertThat(CountingShardRunner.CALLS.get() - calls).isEqualTo(3);
    }

    @Test
    void shardJobsShippedAsBytesTrainAndRetrainFromTheirCheckpointsTheShardsTheLocalRunnerDoes() {
        Dataset data = RandomData.classification(8, 150, 3, 1, 3);
        Map<String, String> settings = Map.of("base", "test-sgd", "shards", "3", "slices", "3", "placement", "subject");
        Map<String, String> shipped = new java.util.HashMap<>(settings);
        shipped.put("runner", "test-shipping");
        int jobs = ShippingShardRunner.JOBS.get();
        SisaModel remote = SisaModelTest.learner(shipped, 4).fit(data);
        SisaModel local = SisaModelTest.learner(settings, 4).fit(data);
        assertThat(ShippingShardRunner.JOBS.get() - jobs).isEqualTo(3);
        for (String subject : new String[] {data.subjectId(5), data.subjectId(40)}) {
            remote.forget(new ForgetRequest.Subject(subject));
            local.forget(new ForgetRequest.Subject(subject));
        }
        assertThat(ShippingShardRunner.JOBS.get() - jobs).isBetween(4, 5);
        for (int k = 0; k < 3; k++) {
            assertThat(remote.shardModel(k).stateDigest()).isEqualTo(local.shardModel(k).stateDigest());
        }
        for (int i = 0; i < data.size(); i++) {
            assertThat(remote.probabilities(data.row(i))).containsExactly(local.probabilities(data.row(i)));
        }
    }

    @Test
    void anUnknownRunnerIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> ModelFamilies.byName("sisa").learner(Map.of("runner", "spark"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("'spark'")
                .hasMessageContaining("local").hasMessageContaining("test-counting").hasMessageContaining("test-shipping");
        assertThat(ShardRunners.byName("local")).isInstanceOf(LocalShardRunner.class).isSameAs(ShardRunners.byName("local"));
    }

    @Test
    void theProvenanceListsEachConstituent() {
        Dataset data = RandomData.classification(7, 90, 2, 1, 2);
        SisaModel model = SisaModelTest.learner(Map.of("base", "nb", "shards", "3"), 5).fit(data);
        Provenance p = model.provenance();
        assertThat(p.members()).hasSize(3).allSatisfy(m -> assertThat(m.family()).isEqualTo("nb"));
        int rows = 0;
        for (int k = 0; k < 3; k++) {
            assertThat(p.members().get(k)).isEqualTo(model.shardModel(k).provenance());
            rows += p.members().get(k).trainingRows();
        }
        assertThat(rows).isEqualTo(data.size());
        assertThat(ModelFile.fromBytes(ModelFile.toBytes(model)).provenance()).isEqualTo(p);
    }
}
