package dev.lethe.spark.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.engine.Catalog;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.ShardFiles;
import dev.lethe.spark.TestSpark;
import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelStore;
import dev.lethe.store.NewVersion;
import dev.lethe.store.Registry;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a registry several workers share (PostgreSQL), a sweep waits for a worker that holds a model's
 * lock, so the file it wrote for the version it is about to commit survives.
 */
class ShardFileSweepPostgresTest {

    @TempDir
    Path home;
    @TempDir
    Path base;

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lethe"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void aSweepWaitsForTheWorkerHoldingTheModelAndKeepsTheFileItCommits() throws Exception {
        TestSpark.session();
        Dataset data = RandomData.classification(31, 90, 2, 1, 2);
        Ledger.initialiseIfNew(home);
        try (LetheHome h = Backend.POSTGRESQL.open(home)) {
            Registry registry = h.registry();
            new Catalog(registry).importDataset("people", data, Map.of());
            SisaHomeModels.train(registry, "m", "people", Map.of("base", "nb", "shards", "3", "placement", "subject"),
                    base.toUri().toString(), 4L);
            Path dir = base.resolve("m");
            CompletableFuture<Integer> sweep;
            String written;
            try (ModelStore.ModelLock worker = registry.models().lock("m")) {
                UnlearnableModel model = new Catalog(registry).load("m");
                model.forget(new ForgetRequest.Subject(data.subjectId(0)));
                byte[] bytes = ModelStore.encode(model);
                Set<String> now = files(dir);
                assertThat(now).hasSize(4);
                sweep = CompletableFuture.supplyAsync(() -> ShardFileSweep.sweep(registry));
                Thread.sleep(300); // long enough for an unlocked sweep to delete the uncommitted file
                assertThat(files(dir)).isEqualTo(now);
                registry.database().transaction(c -> registry.models().addVersion(c, "m", 1,
                        new NewVersion(bytes, model.stateDigest(), registry.models().version("m", 1).lineage(), "forget", null)));
                registry.models().purgeOlderVersions("m");
                written = ShardFiles.referencedBy(bytes).stream().map(f -> f.path().substring(f.path().lastIndexOf('/') + 1))
                        .collect(Collectors.toCollection(TreeSet::new)).toString();
            }
            assertThat(sweep.get()).isEqualTo(1); // the purged version's file of the retrained shard
            assertThat(files(dir).toString()).isEqualTo(written);
        }
    }
}
