package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subject reveal is a signed, chained entry that names the subject by its keyed hash and is no receipt. */
class LedgerRevealTest extends LedgerFixture {

    @Test
    void aRevealIsChainedSignedAndHoldsOnlyTheKeyedHash() throws Exception {
        ForgetRequest first = ForgetRequest.Records.of(100);
        ledger.append(model.forget(first), first, "r-1");
        LedgerEntry reveal = ledger.appendReveal("r-2", "alice@example.org", "k-officer");

        assertThat(reveal.seq()).isEqualTo(2);
        assertThat(Ledger.isReveal(reveal)).isTrue();
        assertThat(Ledger.revealedRequest(reveal)).isEqualTo("r-2");
        assertThat(reveal.subject()).isEqualTo(ledger.subjects().hash("alice@example.org"));
        assertThat(reveal.details()).containsEntry("revealedBy", "k-officer");
        assertThat(reveal.requestId()).isNull();
        assertThat(Files.readString(ledger.file(), StandardCharsets.UTF_8)).doesNotContain("alice@example.org");
        LedgerVerification v = Ledger.open(home).verify(new LedgerExpectation(2, reveal.hash(), List.of("r-1")));
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(Ledger.isReveal(Ledger.open(home).entries().get(0))).isFalse();
    }

    @Test
    void aRevealDoesNotCountAsTheRequestsReceipt() {
        ledger.appendReveal("r-2", "alice@example.org", "k-officer");
        assertThat(ledger.find("r-2")).isEmpty();
        assertThat(ledger.verify(new LedgerExpectation(1, ledger.head().hash(), List.of("r-2"))).valid()).isFalse();

        ForgetRequest subject = new ForgetRequest.Subject("alice@example.org");
        ForgetReceipt receipt = model.forget(subject);
        LedgerEntry entry = ledger.append(receipt, subject, "r-2");
        assertThat(entry.seq()).as("the receipt is written, not answered by the reveal").isEqualTo(2);
        assertThat(ledger.find("r-2")).hasValueSatisfying(e -> assertThat(e.hash()).isEqualTo(entry.hash()));
    }

    @Test
    void aRevealNeedsItsRequestSubjectAndOfficer() {
        assertThatThrownBy(() -> ledger.appendReveal("r-1", " ", "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.appendReveal("r-1", "s", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.entries()).isEmpty();
    }
}
