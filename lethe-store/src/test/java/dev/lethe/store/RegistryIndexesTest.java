package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry keeps only the B-trees some query reads (V180, V181): every index costs each row written
 * a leaf write. The subject digest is indexed only where workers share the registry (PostgreSQL); an
 * embedded registry still answers lookups by subject, by a scan.
 */
class RegistryIndexesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSubjectDigestIsIndexedOnlyWhereTheRegistryIsShared(Backend backend) {
        Dataset data = RandomData.classification(5, 90, 3, 2, 4);
        try (LetheHome home = backend.open(dir)) {
            Set<String> records = indexes(home, "records");
            if (backend == Backend.POSTGRESQL) {
                assertThat(records).contains("records_subject_key");
            } else {
                assertThat(records).doesNotContain("records_subject_key");
            }
            DatasetStore store = home.registry().datasets();
            DatasetInfo info = store.importDataset("d", data, Map.of());
            String subject = data.subjectId(7);
            List<Long> expected = IntStream.range(0, data.size()).filter(i -> subject.equals(data.subjectId(i)))
                    .mapToObj(i -> info.firstRecord() + i).toList();
            Map<String, List<DatasetStore.Located>> found = home.registry().database()
                    .read(c -> store.recordsOfSubjects(c, List.of(subject, "nobody")));
            assertThat(found.keySet()).containsExactly(subject);
            assertThat(found.get(subject)).extracting(DatasetStore.Located::recordId).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void requestsHaveNoIndexOnTheirDueDate(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            assertThat(indexes(home, "requests")).doesNotContain("requests_open_due").contains("requests_state");
        }
    }

    /** The names (lower case) of a table's indexes in the registry's schema. */
    private static Set<String> indexes(LetheHome home, String table) {
        return home.registry().database().read(c -> {
            DatabaseMetaData meta = c.getMetaData();
            String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            Set<String> out = new TreeSet<>();
            try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), schema(c), name, false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        out.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            return out;
        });
    }

    private static String schema(Connection c) throws SQLException {
        return c.getSchema();
    }
}
