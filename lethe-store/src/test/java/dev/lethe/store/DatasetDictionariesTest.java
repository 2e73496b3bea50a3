package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Erasing the last records that used a category value (or class) drops it from the stored schema. */
class DatasetDictionariesTest {

    @TempDir
    Path dir;

    /** Six rows; the last two, of subject "rare", alone have the city "Zurich-Enge" and the class "maybe". */
    private static Dataset data() {
        Schema schema = new Schema(List.of(Attribute.numeric("x"),
                Attribute.categorical("city", List.of("Basel", "Bern", "Zurich-Enge"))),
                Attribute.categorical("y", List.of("no", "yes", "maybe")), Task.CLASSIFICATION);
        double[] values = {1, 0, 2, 1, 3, 0, 4, 1, 5, 2, 6, 2};
        double[] targets = {0, 1, 0, 1, 2, 2};
        return Dataset.of(schema, values, targets, new long[] {0, 1, 2, 3, 4, 5},
                new String[] {"a", "b", "c", "d", "rare", "rare"});
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void erasingTheLastRecordsOfAValueDropsItFromTheStoredSchema(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            DatasetStore store = home.registry().datasets();
            DatasetInfo kept = store.importDataset("kept", data(), Map.of());
            DatasetInfo info = store.importDataset("d", data(), Map.of());
            long[] rare = home.registry().database().read(c -> store.recordsOfSubject(c, "rare")).stream()
                    .filter(l -> l.datasetId() == info.id()).mapToLong(DatasetStore.Located::recordId).toArray();
            assertThat(rare).hasSize(2);
            long[] first = {rare[0]};
            home.registry().database().transaction(c -> store.erase(c, first));
            assertThat(store.get(info.id()).schema().feature(1).liveLevels()).containsExactly("Basel", "Bern", "Zurich-Enge");

            home.registry().database().transaction(c -> store.erase(c, new long[] {rare[1]}));
            Schema after = store.get(info.id()).schema();
            assertThat(after.feature(1).liveLevels()).containsExactly("Basel", "Bern");
            assertThat(after.feature(1).numLevels()).isEqualTo(3);
            assertThat(after.target().liveLevels()).containsExactly("no", "yes");
            Dataset back = store.load(info.id());
            assertThat(back.schema()).isEqualTo(after);
            assertThat(back.size()).isEqualTo(4);
            assertThat(store.get(kept.id()).schema()).isEqualTo(data().schema());
        }
    }

    /**
     * The remaining records are scanned page by page: a value whose only other user is the last of
     * thousands of records stays, and goes with that record.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aValueUsedOnlyByTheLastOfManyRecordsIsFoundBeyondTheFirstPages(Backend backend) {
        int n = 3000;
        Schema schema = new Schema(List.of(Attribute.categorical("city", List.of("Basel", "Zurich-Enge"))),
                Attribute.categorical("y", List.of("no", "yes")), Task.CLASSIFICATION);
        double[] values = new double[n];
        double[] targets = new double[n];
        long[] ids = new long[n];
        String[] subjects = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            subjects[i] = "s" + i;
        }
        values[0] = 1;
        values[n - 1] = 1;
        try (LetheHome home = backend.open(dir)) {
            DatasetStore store = home.registry().datasets();
            DatasetInfo info = store.importDataset("d", Dataset.of(schema, values, targets, ids, subjects), Map.of());
            long first = info.firstRecord();
            home.registry().database().transaction(c -> store.erase(c, new long[] {first}));
            assertThat(store.get(info.id()).schema().feature(0).liveLevels()).containsExactly("Basel", "Zurich-Enge");
            home.registry().database().transaction(c -> store.erase(c, new long[] {first + n - 1}));
            assertThat(store.get(info.id()).schema().feature(0).liveLevels()).containsExactly("Basel");
        }
    }
}
