package dev.lethe.spark.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.Digests;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.ShardFile;
import dev.lethe.models.sisa.ShardFiles;
import dev.lethe.spark.TestSpark;
import dev.lethe.spark.home.ShardFileSweep;
import dev.lethe.spark.home.SisaHomeModels;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelStore;
import dev.lethe.store.Registry;
import dev.lethe.testing.ByteSearch;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sisa model of a home kept as shard files under a Hadoop FileSystem URI ({@code --shards-at}): the
 * registry's version lists each file's path and SHA-256, a forget through the workflow writes only the
 * retrained shard's file and the purge of the old version deletes the file it replaced.
 */
class ShardFilesWorkflowTest {

    private static final Map<String, String> SETTINGS = Map.of("base", "nb", "shards", "4", "placement", "subject");

    @TempDir
    Path home;
    @TempDir
    Path base;

    private final Dataset data = RandomData.classification(21, 120, 3, 1, 2);

    @BeforeEach
    void session() {
        TestSpark.session();
        Ledger.initialiseIfNew(home);
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".crc")).map(p -> p.toUri().getPath())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<ShardFile> current(Registry registry) {
        return ShardFiles.referencedBy(registry.models().artifact("m", registry.models().get("m").currentVersion()));
    }

    private static Set<String> paths(List<ShardFile> refs) {
        return refs.stream().map(f -> java.net.URI.create(f.path()).getPath()).collect(Collectors.toCollection(TreeSet::new));
    }

    private void train(Registry registry) {
        new Catalog(registry).importDataset("people", data, Map.of());
        SisaHomeModels.train(registry, "m", "people", SETTINGS, base.toUri().toString(), 3L);
    }

    @Test
    void aForgetThroughTheWorkflowRewritesOnlyTheRetrainedShardsFileAndThePurgeDeletesTheOldOne() throws IOException {
        try (LetheHome h = LetheHome.open(home)) {
            Registry registry = h.registry();
            train(registry);
            Path dir = base.resolve("m");
            List<ShardFile> trained = current(registry);
            assertThat(trained).hasSize(4);
            assertThat(files(dir)).isEqualTo(paths(trained));
            byte[] payload = registry.models().artifact("m", 1);
            for (ShardFile f : trained) {
                byte[] bytes = Files.readAllBytes(Path.of(java.net.URI.create(f.path())));
                assertThat(Digests.hex(Digests.sha256().digest(bytes))).isEqualTo(f.sha256());
                assertThat(ByteSearch.indexOf(payload, bytes)).as("the payload holds no shard state").isEqualTo(-1);
            }

            String id = new Workflow(registry).submit(new ForgetRequest.Subject(data.subjectId(0)));
            assertThat(new Worker(registry, Worker.Config.defaults()).drain()).isEqualTo(1);

            List<ShardFile> after = current(registry);
            Set<String> rewritten = new TreeSet<>(paths(after));
            rewritten.removeAll(paths(trained));
            assertThat(rewritten).hasSize(1);
            String shard = new Workflow(registry).receipt(id).orElseThrow().models().get(0).receipt().details()
                    .get("shards_retrained");
            assertThat(rewritten.iterator().next()).contains("/shard-" + shard + "-");
            // version 1 was purged: its file of the retrained shard is gone, the three others are version 2's too
            assertThat(files(dir)).isEqualTo(paths(after));
            assertThat(Files.exists(Path.of(java.net.URI.create(trained.get(Integer.parseInt(shard)).path())))).isFalse();

            UnlearnableModel forgot = new Catalog(registry).load("m");
            Dataset rest = registry.datasets().load(registry.datasets().get("people").id());
            UnlearnableModel retrained = (UnlearnableModel) ModelFamilies.byName("sisa").learner(SETTINGS, 3L).fit(rest);
            for (int i = 0; i < data.size(); i += 7) {
                assertThat(forgot.probabilities(data.row(i))).containsExactly(retrained.probabilities(data.row(i)));
            }
        }
    }

    @Test
    void filesWrittenByAWorkerThatDiedBeforeCommittingAreNotReferencedAndASweepDeletesThem() throws IOException {
        try (LetheHome h = LetheHome.open(home)) {
            Registry registry = h.registry();
            train(registry);
            Path dir = base.resolve("m");
            Set<String> committed = files(dir);
            UnlearnableModel model = new Catalog(registry).load("m");
            model.forget(new ForgetRequest.Subject(data.subjectId(0)));
            ModelStore.encode(model); // the worker wrote the retrained shard's file, then died before committing
            assertThat(files(dir)).hasSize(5).containsAll(committed);
            assertThat(paths(current(registry))).isEqualTo(committed);

            assertThat(ShardFileSweep.sweep(registry)).isEqualTo(1);
            assertThat(files(dir)).isEqualTo(committed);
            assertThat(new Catalog(registry).load("m").stateDigest()).isNotEqualTo(model.stateDigest());
        }
    }

    @Test
    void anAlteredOrMissingShardFileFailsTheLoadNamingTheShardAndItsPath() throws IOException {
        try (LetheHome h = LetheHome.open(home)) {
            Registry registry = h.registry();
            train(registry);
            ShardFile f = current(registry).get(2);
            Path file = Path.of(java.net.URI.create(f.path()));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 1] ^= 1;
            Files.delete(file); // a plain write would leave Hadoop's checksum file disagreeing
            Files.write(file, bytes);
            assertThatThrownBy(() -> new Catalog(registry).load("m")).isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("sisa shard 2").hasMessageContaining(f.path()).hasMessageContaining("altered");

            Files.delete(file);
            assertThatThrownBy(() -> new Catalog(registry).load("m")).isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("sisa shard 2").hasMessageContaining(f.path()).hasMessageContaining("missing");
        }
    }

    @Test
    void anEmptyOrUnwritableBaseUriIsAOneLineErrorAndLeavesTheHomeAsItWas() throws IOException {
        try (LetheHome h = LetheHome.open(home)) {
            Registry registry = h.registry();
            new Catalog(registry).importDataset("people", data, Map.of());
            assertThatThrownBy(() -> SisaHomeModels.train(registry, "m", "people", SETTINGS, " ", 3L))
                    .isInstanceOf(OptionsException.class).hasMessageContaining("--shards-at").hasMessageContaining("empty");
            Path file = Files.writeString(base.resolve("a-file"), "x");
            String under = file.toUri() + "/shards";
            assertThatThrownBy(() -> SisaHomeModels.train(registry, "m", "people", SETTINGS, under, 3L))
                    .isInstanceOf(OptionsException.class).hasMessageContaining("--shards-at").hasMessageContaining(under)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(registry.models().find("m")).isEmpty();
            try (Stream<Path> s = Files.list(base)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("a-file");
            }
        }
    }
}
