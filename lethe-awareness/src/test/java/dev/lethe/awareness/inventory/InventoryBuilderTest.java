package dev.lethe.awareness.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import dev.lethe.store.ReceiptBatches;
import dev.lethe.store.StoredRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inventory reads each batch's receipt rows once; its requests section is what reading every
 * request's receipts one by one gave, on a registry with several batches.
 */
class InventoryBuilderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void requestsReachTheModelsTheirOwnReceiptsName(Backend backend) {
        try (LetheHome home = ReceiptBatches.home(backend, dir)) {
            Inventory inv = InventoryBuilder.build(home.registry(), List.of());
            List<Inventory.RequestEntry> oneByOne = home.registry().requests().list(false, Instant.now(), Integer.MAX_VALUE)
                    .stream().map(r -> entry(home, r)).toList();
            assertThat(inv.requests()).hasSize(14).isEqualTo(oneByOne);
            assertThat(InventoryText.table(inv)).isEqualTo(InventoryText.table(new Inventory(inv.models(), oneByOne, List.of())));
            assertThat(inv.requests()).filteredOn(e -> e.id().equals("req-0-1")).singleElement()
                    .extracting(Inventory.RequestEntry::reached).isEqualTo(List.of("forest v1", "legacy v1", "nb v10"));
            assertThat(inv.requests()).filteredOn(e -> e.id().equals("req-2-0")).singleElement()
                    .extracting(Inventory.RequestEntry::reached).isEqualTo(List.of("forest v3"));
        }
    }

    /** The entry as the inventory made it before: the request's receipts read alone. */
    private static Inventory.RequestEntry entry(LetheHome home, StoredRequest r) {
        List<String> reached = home.registry().requests().modelReceipts(r.id()).stream()
                .map(x -> x.modelName() + " v" + x.version()).distinct().toList();
        return new Inventory.RequestEntry(r.id(), r.kind(), r.state().name().toLowerCase(Locale.ROOT), reached, List.of());
    }
}
