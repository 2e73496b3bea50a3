package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LedgerHeadsTest {

    @TempDir
    Path dir;

    /** Submits requests and completes them in one new batch; returns the batch. */
    private static long complete(Registry registry, String... ids) {
        Instant now = Instant.now();
        for (String id : ids) {
            registry.requests().submit(id, "records", "[1]", "records 1", id, now, now.plusSeconds(60));
        }
        return registry.database().transaction(c -> {
            long batch = registry.requests().createBatch(c);
            registry.requests().claim(c, batch, 100);
            registry.requests().finishRequests(c, batch, now);
            return batch;
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recordsTheLedgersHeadWithoutGoingBackAndListsTheRequestsDoneSinceItsFirstBatch(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            LedgerHeads heads = new LedgerHeads(registry.database());
            assertThat(heads.recorded()).isEmpty();
            complete(registry, "before-1");
            long first = complete(registry, "a-1", "a-2");
            heads.record(2, "h2", first, Instant.ofEpochMilli(1000));
            long second = complete(registry, "b-1");
            heads.record(3, "h3", second, Instant.ofEpochMilli(2000));
            heads.record(1, "h1", second, Instant.ofEpochMilli(3000)); // a shorter ledger is never recorded
            LedgerHeads.Recorded r = heads.recorded().orElseThrow();
            assertThat(r.entries()).isEqualTo(3);
            assertThat(r.hash()).isEqualTo("h3");
            assertThat(r.sinceBatch()).isEqualTo(first);
            assertThat(r.at()).isEqualTo(Instant.ofEpochMilli(2000));
            assertThat(heads.completedSince(r.sinceBatch())).isEqualTo(List.of("a-1", "a-2", "b-1"));
        }
    }
}
