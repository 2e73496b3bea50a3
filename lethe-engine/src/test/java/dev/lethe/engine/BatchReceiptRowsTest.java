package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ForgetRequest;
import dev.lethe.store.Backend;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch that a model forgets in one call leaves one receipt row for the model and batch, not one per
 * request, and each request still reads its own receipt from every model: its own records, the batch's
 * version, digests and size.
 */
class BatchReceiptRowsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneRowPerModelAndBatchAndEachRequestItsOwnShare(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            DatasetInfo info = peopleWithTallies(registry, "m1", "m2");
            Workflow workflow = new Workflow(registry);
            Map<String, String> subjects = new LinkedHashMap<>();
            for (int row = 0; subjects.size() < 4; row++) {
                String subject = WorkflowTest.DATA.subjectId(row);
                if (!subjects.containsValue(subject)) {
                    subjects.put(workflow.submit(new ForgetRequest.Subject(subject)), subject);
                }
            }
            List<RequestReceipt> sunk = new ArrayList<>();

            assertThat(new Worker(registry, Worker.Config.defaults().withSink(sunk::add)).drain()).isEqualTo(4);

            assertThat(count(registry, "SELECT COUNT(*) FROM model_batch_receipts")).isEqualTo(2);
            assertThat(count(registry, "SELECT COUNT(*) FROM model_receipts")).isZero();
            for (Map.Entry<String, String> e : subjects.entrySet()) {
                long[] own = WorkflowTest.rowsOf(WorkflowTest.DATA, e.getValue()).stream()
                        .mapToLong(i -> info.firstRecord() + i).sorted().toArray();
                RequestReceipt receipt = workflow.receipt(e.getKey()).orElseThrow();
                assertThat(receipt.models()).extracting(ModelReceipt::modelName).containsExactly("m1", "m2");
                for (ModelReceipt m : receipt.models()) {
                    assertThat(m.receipt().records()).containsExactly(own);
                    assertThat(m.version()).isEqualTo(registry.models().get(m.modelName()).currentVersion());
                    assertThat(m.batchRequests()).isEqualTo(4);
                    assertThat(m.receipt().request()).isEqualTo(new ForgetRequest.Subject(e.getValue()).summary());
                }
                assertThat(sunk).contains(receipt);
            }
        }
    }

    /**
     * The worker hands its sink the receipts it just committed without reading them back: each must be the
     * receipt the registry gives afterwards (times to the millisecond, datasets, models), for every kind of
     * request, one that reaches no record included.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theReceiptsHandedToTheSinkAreThoseTheRegistryHolds(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry registry = home.registry();
            DatasetInfo info = peopleWithTallies(registry, "m1");
            Workflow workflow = new Workflow(registry);
            List<String> ids = List.of(workflow.submit(ForgetRequest.Records.of(info.firstRecord(), 999_999L)),
                    workflow.submit(new ForgetRequest.ClassLabel("class2")), workflow.submit(new ForgetRequest.Feature("x1")),
                    workflow.submit(new ForgetRequest.Subject(WorkflowTest.DATA.subjectId(3))),
                    workflow.submit(new ForgetRequest.Subject("nobody-at-all")));
            List<RequestReceipt> sunk = new ArrayList<>();

            assertThat(new Worker(registry, Worker.Config.defaults().withSink(sunk::add)).drain()).isEqualTo(ids.size());

            assertThat(sunk).extracting(RequestReceipt::requestId).containsExactlyElementsOf(ids);
            for (RequestReceipt delivered : sunk) {
                assertThat(delivered).isEqualTo(workflow.receipt(delivered.requestId()).orElseThrow());
            }
            assertThat(sunk.get(4).datasets()).isEmpty();
            assertThat(sunk.get(3).datasets()).containsExactly("people");
        }
    }

    /** Imports the test data as "people" and trains a tally model of each name on it. */
    private static DatasetInfo peopleWithTallies(Registry registry, String... models) {
        Catalog catalog = new Catalog(registry);
        DatasetInfo info = catalog.importDataset("people", WorkflowTest.DATA, Map.of());
        for (String model : models) {
            catalog.train(Catalog.TrainSpec.of(model, "people", "tally"));
        }
        return info;
    }

    private static long count(Registry registry, String sql) {
        return registry.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
