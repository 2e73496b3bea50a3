package dev.lethe.engine;

import static dev.lethe.testing.ByteSearch.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.store.VersionInfo;
import dev.lethe.testing.RandomData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stored model version holds the model's parameters and the record IDs it holds, not another copy
 * of the training data: the registry's dataset is the one copy, and a version loads back to the very
 * state it was stored from.
 */
class StoredVersionTest {

    @TempDir
    Path dir;

    static final List<String> FAMILIES = List.of("nb", "ridge", "forest", "sisa");

    static Map<String, String> settings(String family) {
        return switch (family) {
            case "forest" -> Map.of("trees", "8");
            case "sisa" -> Map.of("shards", "3"); // ensemble members' records go by reference too
            default -> Map.of();
        };
    }

    /** Random data with subjects worth searching for (long, unlike the fixture's "s12"). */
    static Dataset data() {
        Dataset d = RandomData.classification(21, 800, 4, 1, 3);
        int f = d.numFeatures();
        double[] values = new double[d.size() * f];
        double[] targets = new double[d.size()];
        String[] subjects = new String[d.size()];
        for (int i = 0; i < d.size(); i++) {
            System.arraycopy(d.row(i), 0, values, i * f, f);
            targets[i] = d.target(i);
            subjects[i] = "person-" + d.subjectId(i) + "@example.org";
        }
        return Dataset.of(d.schema(), values, targets, d.recordIds(), subjects);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void versionsStoreParametersAndRecordIdsNotTheTrainingData(Backend backend) {
        Dataset data = data();
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            Catalog catalog = new Catalog(registry);
            catalog.importDataset("people", data, Map.of());
            for (String family : FAMILIES) {
                catalog.train(new Catalog.TrainSpec(family, "people", family, settings(family), 3L, 0, 0));
            }
            Set<String> forgotten = new LinkedHashSet<>();
            Workflow workflow = new Workflow(registry);
            for (int i = 0; forgotten.size() < 4; i += 37) {
                if (forgotten.add(data.subjectId(i))) {
                    workflow.submit(new ForgetRequest.Subject(data.subjectId(i)));
                }
            }
            try (Worker worker = new Worker(registry)) {
                assertThat(worker.drain()).isEqualTo(4);
            }

            for (String family : FAMILIES) {
                List<VersionInfo> versions = registry.models().versions(family);
                assertThat(versions).hasSize(2);
                VersionInfo current = versions.get(1);
                byte[] artifact = registry.models().artifact(family, current.version());
                UnlearnableModel loaded = registry.models().load(family, current.version());

                assertThat(loaded.stateDigest()).isEqualTo(current.stateDigest());
                assertThat(loaded.history().records()).hasSize(data.size() - (int) current.lineage().size());
                assertNoTrainingData(family, artifact, data);
                // the version is the embedded file less (at least) the training rows
                long rows = (long) data.size() * (data.numFeatures() + 2) * Double.BYTES;
                assertThat((long) artifact.length).isLessThan(ModelFile.toBytes(loaded).length - rows * 9 / 10);
                if (!family.equals("forest")) {
                    assertThat(artifact.length).isLessThan(ModelFile.toBytes(loaded).length / 10);
                }
            }
        }
    }

    /**
     * No subject of the data occurs anywhere in the bytes, and no row's features do: for nb and ridge
     * no distinctive (fractional) feature value at all; a forest's split thresholds are training values
     * by construction, so for it no row's whole feature vector, as a copy of the rows holds it.
     */
    static void assertNoTrainingData(String family, byte[] bytes, Dataset data) {
        boolean thresholds = family.equals("forest");
        int checked = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] row = data.row(i);
            for (int j = 0; j < row.length; j++) {
                if (row[j] != Math.rint(row[j])) { // fractional values are distinctive; small integers are level indices
                    ByteBuffer needle = ByteBuffer.allocate(thresholds ? 8 * row.length : 8);
                    if (thresholds) {
                        for (double v : row) {
                            needle.putDouble(v);
                        }
                    } else {
                        needle.putDouble(row[j]);
                    }
                    assertThat(indexOf(bytes, needle.array())).as("%s: row %d feature %d", family, i, j).isNegative();
                    checked++;
                }
            }
            assertThat(indexOf(bytes, data.subjectId(i).getBytes(StandardCharsets.UTF_8))).isNegative();
        }
        assertThat(checked).isGreaterThan(data.size());
    }
}
