package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading many requests' receipts a batch at a time gives each request exactly what reading it alone gives. */
class ModelReceiptsOfTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachRequestGetsWhatReadingItAloneGives(Backend backend) {
        try (LetheHome home = ReceiptBatches.home(backend, dir)) {
            RequestStore requests = home.registry().requests();
            List<StoredRequest> all = requests.list(false, Instant.now(), Integer.MAX_VALUE);
            Map<String, List<ModelReceipt>> read = requests.modelReceiptsOf(all);
            assertThat(read.keySet()).containsExactlyElementsOf(all.stream().map(StoredRequest::id).toList());
            for (StoredRequest r : all) {
                assertThat(read.get(r.id())).as(r.id()).isEqualTo(requests.modelReceipts(r.id()));
            }
            assertThat(read.get("req-0-0")).extracting(ModelReceipt::modelName).containsExactly("forest", "legacy");
            assertThat(read.get("req-0-1")).extracting(ModelReceipt::modelName).containsExactly("forest", "legacy", "nb");
            assertThat(read.get("req-2-3")).extracting(ModelReceipt::modelName).containsExactly("forest", "nb");
            assertThat(read.get("req-2-3").get(0).receipt().records()).containsExactly(2_000_003L, 2_500_003L);
            assertThat(read.get("pending-1")).isEmpty();
            assertThat(requests.modelReceiptsOf(all.subList(0, 2))).containsOnlyKeys(all.get(0).id(), all.get(1).id());
        }
    }
}
