package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.testing.ByteSearch;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgotten data leaves the bytes on disk: after the workflow completed every request, no file of
 * the home (registry, ledger, keys, anything) holds a forgotten subject's ID or a distinctive raw
 * value of its rows, as text or as the bytes of its double in either byte order. Without the
 * worker's scrub the registry file still holds them in stale pages (the deleted rows, the purged
 * model versions that embedded them, the request payloads replaced by summaries).
 */
class ErasedDataOnDiskTest {

    /** A value only the forgotten subjects' rows have. */
    static final double GONE_VALUE = 98765.4321;
    /** A category only the forgotten subjects' rows have: it must leave the stored schema and every model. */
    static final String GONE_CITY = "Zqville-on-Lethe";

    @TempDir
    Path dir;

    @Test
    void noFileOfTheHomeHoldsAForgottenSubjectOrItsValuesAfterCompletion() throws IOException {
        Dataset base = RandomData.classification(21, 240, 3, 0, 2);
        int d = base.numFeatures() + 1; // and a city, one of which only the forgotten subjects' rows have
        List<Attribute> features = new ArrayList<>(base.schema().features());
        features.add(Attribute.categorical("city", List.of("Bern", "Basel", GONE_CITY)));
        Schema schema = new Schema(features, base.schema().target(), base.schema().task());
        int n = base.size();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        long[] ids = new long[n];
        String[] subjects = new String[n];
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int s = i / 3; // three rows per subject
            boolean forget = s % 4 == 0;
            subjects[i] = String.format("%s-%04d@example.org", forget ? "zq-gone" : "zq-kept", s);
            if (forget && !gone.contains(subjects[i])) {
                gone.add(subjects[i]);
            }
            for (int j = 0; j < d - 1; j++) {
                values[i * d + j] = base.value(i, j);
            }
            values[i * d + d - 1] = forget ? 2 : i % 2;
            if (forget) {
                values[i * d] = GONE_VALUE;
            }
            targets[i] = base.target(i);
            ids[i] = i + 1;
        }
        Dataset data = Dataset.of(schema, values, targets, ids, subjects);

        Path home = dir.resolve("home");
        Ledger.initialiseIfNew(home); // as 'lethe init' does: a home's keys are made once, first
        try (LetheHome h = LetheHome.open(home)) {
            Catalog catalog = new Catalog(h.registry());
            catalog.importDataset("people", data, Map.of());
            for (String family : List.of("nb", "knn", "forest")) {
                catalog.train(Catalog.TrainSpec.of(family, "people", family));
            }
            Workflow workflow = new Workflow(h.registry());
            List<String> requests = new ArrayList<>();
            for (String subject : gone) {
                requests.add(workflow.submit(new ForgetRequest.Subject(subject)));
            }
            Worker worker = new Worker(h.registry(), Worker.Config.defaults().withMaxBatch(7)
                    .withSink(LedgerReceiptSink.inHome(home, h.registry())));
            assertThat(worker.drain()).isEqualTo(gone.size());
            worker.settle();
            for (String id : requests) {
                assertThat(workflow.status(id).state()).isEqualTo(RequestState.DONE);
            }
            assertForgottenDataAbsent(home, gone);
            assertPrivate(home);
            Path modelFile = dir.resolve("models").resolve("nb.lethe");
            ModelFile.save(h.registry().models().load("nb", h.registry().models().get("nb").currentVersion()), modelFile);
            assertThat(Files.getPosixFilePermissions(modelFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            // the registry is still usable by the open home after the compaction ended its connections
            assertThat(h.registry().datasets().liveCount(h.registry().datasets().get("people").id()))
                    .isEqualTo(n - 3 * gone.size());
        }
        assertForgottenDataAbsent(home, gone);
    }

    /** The home is 0700 and every file in it (registry, its lock, ledger, head, keys, worker lock) 0600. */
    private static void assertPrivate(Path home) throws IOException {
        assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(home)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.add(f.getFileName().toString());
                assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
        assertThat(files).contains("registry.mv.db", "ledger.jsonl", "ledger.head", "ledger-ed25519.key", "ledger-ed25519.pub",
                "subject-hmac.key");
    }

    private static void assertForgottenDataAbsent(Path home, List<String> gone) throws IOException {
        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (String subject : gone) {
            needles.put("subject " + subject, subject.getBytes(StandardCharsets.UTF_8));
        }
        needles.put("value as text", Double.toString(GONE_VALUE).getBytes(StandardCharsets.UTF_8));
        needles.put("city", GONE_CITY.getBytes(StandardCharsets.UTF_8));
        needles.put("value as big-endian double", ByteBuffer.allocate(8).putDouble(GONE_VALUE).array());
        needles.put("value as little-endian double",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(GONE_VALUE).array());
        List<String> found = new ArrayList<>();
        boolean keptSeen = false;
        byte[] kept = "zq-kept-0001@example.org".getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                keptSeen |= ByteSearch.indexOf(bytes, kept) >= 0;
                for (Map.Entry<String, byte[]> e : needles.entrySet()) {
                    if (ByteSearch.indexOf(bytes, e.getValue()) >= 0) {
                        found.add(e.getKey() + " in " + home.relativize(file));
                    }
                }
            }
        }
        // the search can find what is there: a subject still held appears in clear in the registry file
        assertThat(keptSeen).as("a kept subject's ID is found in the home's files").isTrue();
        assertThat(found).as("forgotten data found on disk").isEmpty();
    }
}
