package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ForgetRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerEventsTest extends LedgerFixture {

    @Test
    void anEventIsChainedAndSignedBetweenReceiptsAndATamperedOneIsDetected() throws Exception {
        ForgetRequest request = ForgetRequest.Records.of(100);
        ledger.append(model.forget(request), request);
        LedgerEntry event = ledger.appendEvent("privacy", "dp-spend", "dataset 'd': count",
                Map.of("dataset", "d", "epsilon", "0.5"));
        ForgetRequest next = ForgetRequest.Records.of(101);
        ledger.append(model.forget(next), next);
        assertThat(event.seq()).isEqualTo(2);
        assertThat(event.family()).isEqualTo("privacy");
        assertThat(event.details()).containsEntry("epsilon", "0.5");
        LedgerVerification v = Ledger.open(home).verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(3);

        List<String> lines = Files.readAllLines(ledger.file(), StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("\"0.5\"", "\"0.05\""));
        Files.write(ledger.file(), lines, StandardCharsets.UTF_8);
        assertThat(Ledger.open(home).verify().valid()).isFalse();
    }

    @Test
    void theLedgersOwnFamilyIsNotForEvents() {
        assertThatThrownBy(() -> ledger.appendEvent("ledger", "key-rotation", "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
