package dev.lethe.models.sisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.testing.RandomData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ShardFilesTest {

    private static final Map<String, String> SETTINGS = Map.of("base", "test-sgd", "shards", "4", "slices", "3",
            "placement", "subject");

    private final Dataset data = RandomData.classification(12, 160, 3, 1, 2);

    private static Map<String, String> at(String dir) {
        Map<String, String> s = new HashMap<>(SETTINGS);
        s.put("shardsAt", dir);
        return s;
    }

    private static Set<String> paths(List<ShardFile> files) {
        Set<String> out = new TreeSet<>();
        files.forEach(f -> out.add(f.path()));
        return out;
    }

    @Test
    void aModelKeptAsShardFilesRoundTripsAndAForgetWritesOnlyTheRetrainedShardsFiles() {
        SisaModel model = SisaModelTest.learner(at("mem:/round-trip"), 5).fit(data);
        SisaModel inline = SisaModelTest.learner(SETTINGS, 5).fit(data);
        int writes = MemoryShardFiles.WRITES.get();
        byte[] bytes = ModelFile.toBytes(model);
        assertThat(MemoryShardFiles.WRITES.get() - writes).isEqualTo(4);
        List<ShardFile> files = ShardFiles.referencedBy(bytes);
        assertThat(files).extracting(ShardFile::shard).containsExactly(0, 1, 2, 3);
        assertThat(paths(files)).isEqualTo(new TreeSet<>(MemoryShardFiles.FILES.keySet().stream()
                .filter(p -> p.startsWith("mem:/round-trip/")).toList()));
        assertThat((long) bytes.length).isLessThan(ModelFile.toBytes(inline).length - files.stream().mapToLong(ShardFile::bytes).sum() / 2);
        assertThat(ModelFile.toBytes(model)).isEqualTo(bytes); // written again: no file rewritten
        assertThat(MemoryShardFiles.WRITES.get() - writes).isEqualTo(4);

        SisaModel loaded = (SisaModel) ModelFile.fromBytes(bytes);
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        ForgetRequest subject = new ForgetRequest.Subject(data.subjectId(3));
        loaded.forget(subject);
        inline.forget(subject);
        List<ShardFile> after = ShardFiles.referencedBy(ModelFile.toBytes(loaded));
        assertThat(MemoryShardFiles.WRITES.get() - writes).isEqualTo(5);
        Set<String> fresh = paths(after);
        fresh.removeAll(paths(files));
        assertThat(fresh).hasSize(1);
        for (int k = 0; k < 4; k++) {
            assertThat(loaded.shardModel(k).stateDigest()).isEqualTo(inline.shardModel(k).stateDigest());
        }
    }

    @Test
    void anAlteredShardFileFailsTheLoadAndOnlyFileBackedSisaModelsListFiles() {
        SisaModel model = SisaModelTest.learner(at("mem:/altered"), 6).fit(data);
        byte[] bytes = ModelFile.toBytes(model);
        ShardFile f = ShardFiles.referencedBy(bytes).get(1);
        byte[] changed = MemoryShardFiles.FILES.get(f.path()).clone();
        changed[changed.length / 2] ^= 1;
        MemoryShardFiles.FILES.put(f.path(), changed);
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("sisa shard 1").hasMessageContaining(f.path()).hasMessageContaining("altered");

        assertThat(ShardFiles.referencedBy(ModelFile.toBytes(SisaModelTest.learner(SETTINGS, 6).fit(data)))).isEmpty();
        // shipped whole, the model needs none of its files
        byte[] whole = ModelFile.toBytes(model.withShardsInline());
        assertThat(ShardFiles.referencedBy(whole)).isEmpty();
        assertThat(ModelFile.fromBytes(whole).stateDigest()).isEqualTo(model.stateDigest());
        assertThatThrownBy(() -> SisaModelTest.learner(at(" "), 6)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("shardsAt");
    }
}
