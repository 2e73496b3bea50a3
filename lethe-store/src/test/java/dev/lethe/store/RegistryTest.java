package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void importedDatasetsComeBackWithRegistryRecordIdsAndSubjects(Backend backend) {
        Dataset data = RandomData.classification(3, 120, 3, 2, 3);
        try (LetheHome home = backend.open(dir)) {
            DatasetStore store = home.registry().datasets();
            DatasetInfo a = store.importDataset("a", data, Map.of("file", "a.csv"));
            DatasetInfo b = store.importDataset("b", data, Map.of());
            assertThat(b.firstRecord()).isEqualTo(a.lastRecord() + 1);
            Dataset back = store.load(a.id());
            assertThat(back.size()).isEqualTo(120);
            assertThat(back.schema()).isEqualTo(data.schema());
            for (int i = 0; i < data.size(); i++) {
                assertThat(back.recordId(i)).isEqualTo(a.firstRecord() + i);
                assertThat(back.row(i)).containsExactly(data.row(i));
                assertThat(back.target(i)).isEqualTo(data.target(i));
                assertThat(back.subjectId(i)).isEqualTo(data.subjectId(i));
            }
            assertThat(store.get("a").source()).contains("file=a.csv");
            assertThatThrownBy(() -> store.importDataset("a", data, Map.of())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("'a' already exists");
            assertThatThrownBy(() -> store.get("zzz")).hasMessageContaining("unknown dataset 'zzz'").hasMessageContaining("[a, b]");
            String subject = data.subjectId(0);
            long expected = java.util.stream.IntStream.range(0, data.size()).filter(i -> subject.equals(data.subjectId(i))).count();
            List<DatasetStore.Located> found = home.registry().database().read(c -> store.recordsOfSubject(c, subject));
            assertThat(found).hasSize((int) expected * 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void versionsAreCheckedByDigestAndOlderOnesPurged(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry r = home.registry();
            DatasetInfo d = r.datasets().importDataset("d", RandomData.regression(1, 20, 2, 0), Map.of());
            ModelStore models = r.models();
            Lineage all = r.datasets().liveRecords(d.id());
            assertThat(all.size()).isEqualTo(20);
            models.create("m", "fam", d.id(), Map.of("k", "v"), 7L, null, null, null,
                    new NewVersion(new byte[] {1, 2, 3}, "digest1", all, "trained", null));
            r.database().transaction(c -> models.addVersion(c, "m", 1,
                    new NewVersion(new byte[] {4, 5}, "digest2", all.andNot(Lineage.of(d.firstRecord())), "forget", 9L)));
            assertThat(models.get("m").currentVersion()).isEqualTo(2);
            assertThat(models.get("m").settings()).isEqualTo(Map.of("k", "v"));
            assertThatThrownBy(() -> r.database().transaction(c -> models.addVersion(c, "m", 1,
                    new NewVersion(new byte[] {6}, "x", all, "forget", null)))).hasMessageContaining("no longer at version 1");
            assertThat(models.purgeOlderVersions("m")).isEqualTo(1);
            assertThat(models.purgeOlderVersions("m")).isZero();
            assertThatThrownBy(() -> models.artifact("m", 1)).hasMessageContaining("purged");
            assertThat(models.artifact("m", 2)).containsExactly(4, 5);
            VersionInfo v2 = models.version("m", 2);
            assertThat(v2.lineage().contains(d.firstRecord())).isFalse();
            assertThat(v2.liveRecords()).isEqualTo(19);
            assertThat(v2.batchId()).isEqualTo(9L);
            assertThat(models.versions("m")).extracting(VersionInfo::isPurged).containsExactly(true, false);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void submissionsAreIdempotentByIdAndConflictsAreRefused(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            Instant now = Instant.parse("2026-01-31T10:00:00Z");
            Instant due = Instant.parse("2026-02-28T10:00:00Z");
            assertThat(requests.submit("r1", "subject", "alice", "subject x", "f1", now, due).created()).isTrue();
            assertThat(requests.submit("r1", "subject", "alice", "subject x", "f1", now, due).created()).isFalse();
            assertThatThrownBy(() -> requests.submit("r1", "subject", "bob", "subject y", "f2", now, due))
                    .isInstanceOf(StoreException.class).hasMessageContaining("'r1' is already used");
            requests.submit("r2", "subject", "bob", "subject y", "f2", now, due.plusSeconds(86400 * 30));
            assertThat(requests.list(false, now, 100)).extracting(StoredRequest::id).containsExactly("r1", "r2");
            assertThat(requests.list(true, Instant.parse("2026-03-01T00:00:00Z"), 100)).extracting(StoredRequest::id)
                    .containsExactly("r1");
            assertThat(requests.get("r1").state()).isEqualTo(RequestState.SUBMITTED);
            assertThat(requests.counts()).containsEntry(RequestState.SUBMITTED, 2);
            assertThat(requests.waiting()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRegistrySurvivesReopening(Backend backend) {
        String url;
        try (LetheHome home = backend.open(dir)) {
            home.registry().datasets().importDataset("d", RandomData.regression(1, 10, 2, 0), Map.of());
            url = backend.url(home);
        }
        try (LetheHome home = TestHomes.open(dir, url, Backend.user(), Backend.password())) {
            assertThat(home.registry().datasets().list()).extracting(DatasetInfo::name).containsExactly("d");
        }
    }
}
