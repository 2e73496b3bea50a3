package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ConflictException;
import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import dev.lethe.store.SubjectKeyRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Homes sharing one registry must share the subject secret: the first records its keyed fingerprint,
 * a home with another secret is refused naming its key file, a home with a copy of the first's key
 * files is let in. On an H2 registry named by URL and on PostgreSQL.
 */
class SubjectKeyCheckTest {

    @TempDir
    Path dir;

    private String sharedUrl(Backend backend) {
        return backend == Backend.POSTGRESQL ? Backend.freshSchemaUrl()
                : "jdbc:h2:file:" + dir.toAbsolutePath().resolve("shared") + ";AUTO_SERVER=TRUE";
    }

    private static LetheHome open(Backend backend, Path home, String url) {
        Ledger.initialiseIfNew(home);
        return backend == Backend.POSTGRESQL ? LetheHome.open(home, url, Backend.user(), Backend.password())
                : LetheHome.open(home, url, "sa", "");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHomeWithAnotherSubjectSecretIsRefusedByTheSharedRegistry(Backend backend) throws Exception {
        String url = sharedUrl(backend);
        Path first = dir.resolve("first");
        try (LetheHome a = open(backend, first, url)) {
            Ledger.open(a);
            String recorded = new SubjectKeyRecord(a.registry().database()).recorded().orElseThrow();
            byte[] secret = Files.readAllBytes(first.resolve(HomeSecrets.SUBJECT_SECRET));
            assertThat(recorded).doesNotContain(HexFormat.of().formatHex(secret))
                    .isEqualTo(new SubjectHasher(secret).fingerprint());
        }
        Path other = dir.resolve("other");
        try (LetheHome b = open(backend, other, url)) {
            assertThatThrownBy(() -> Ledger.open(b))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(other.resolve("subject-hmac.key").toString());
            assertThatThrownBy(() -> SubjectKeyCheck.verify(other, b.registry().database()))
                    .isInstanceOf(ConflictException.class);
        }
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        for (String f : new String[] {HomeSecrets.PRIVATE_KEY, HomeSecrets.PUBLIC_KEY, HomeSecrets.SUBJECT_SECRET}) {
            Files.copy(first.resolve(f), copy.resolve(f));
        }
        try (LetheHome c = open(backend, copy, url)) {
            Ledger.open(c);
            SubjectKeyCheck.verify(copy, c.registry().database());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theFirstFingerprintRecordedStays(Backend backend) {
        String url = sharedUrl(backend);
        try (LetheHome a = open(backend, dir.resolve("a"), url)) {
            SubjectKeyRecord record = new SubjectKeyRecord(a.registry().database());
            assertThat(record.recorded()).isEmpty();
            assertThat(record.recordIfAbsent("key-check:1")).isEqualTo("key-check:1");
            assertThat(record.recordIfAbsent("key-check:2")).isEqualTo("key-check:1");
            assertThat(record.recorded()).contains("key-check:1");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void homesStartingTogetherAgreeOnOneFingerprint(Backend backend) throws Exception {
        String url = sharedUrl(backend);
        try (LetheHome a = open(backend, dir.resolve("a"), url)) {
            SubjectKeyRecord record = new SubjectKeyRecord(a.registry().database());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<String>> seen = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String mine = "key-check:" + i;
                    seen.add(pool.submit(() -> {
                        start.await();
                        return record.recordIfAbsent(mine);
                    }));
                }
                start.countDown();
                java.util.Set<String> answers = new java.util.HashSet<>();
                for (java.util.concurrent.Future<String> f : seen) {
                    answers.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(answers).as("every home sees the one fingerprint recorded").hasSize(1)
                        .containsExactly(record.recorded().orElseThrow());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
