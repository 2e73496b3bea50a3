package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Guarantee;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A receipt's entry written field by field ({@link EntryCodec#receiptDraft}) is exactly the canonical
 * JSON a verifier re-serialises from the parsed line, so its hash verifies, whatever the text holds.
 */
class EntryCodecTest {

    private static ForgetReceipt receipt(String digestBefore, Map<String, String> details) {
        return new ForgetReceipt("nb,ridge", "records", "2 records (first 7)", new long[] {9, 7}, Guarantee.certified(0.5, 1e-6),
                Duration.ofNanos(1234), digestBefore, "after", Instant.parse("2026-12-05T10:00:00.123456Z"), details);
    }

    @Test
    void aDraftIsTheCanonicalJsonOfTheLineItBecomes() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("z", "last \"quoted\" \\ back");
        details.put("a", "é ünïcode 𝄞 and \u0001 control\nnewline\t");
        details.put("model.m.digestBefore", "d1");
        details.put("M", "");
        EntryCodec.Instants instants = new EntryCodec.Instants();
        EntryCodec.DetailOrder order = new EntryCodec.DetailOrder();
        Instant now = Instant.parse("2026-12-05T11:00:00Z");
        for (ForgetReceipt r : new ForgetReceipt[] {receipt("before", details), receipt(null, Map.of()), receipt(null, details)}) {
            for (String subject : new String[] {null, "ab12"}) {
                for (String requestId : new String[] {null, "req \"1\""}) {
                    EntryCodec.Draft d = EntryCodec.receiptDraft(r, subject, requestId, 42, EntryCodec.GENESIS, now, instants, order);
                    String line = EntryCodec.line(d.text(), d.hash(), "c2ln");
                    assertThat(EntryCodec.canonical(EntryCodec.node(line, 42))).isEqualTo(d.text());
                    assertThat(EntryCodec.hash(d.text())).isEqualTo(d.hash());
                    assertThat(d.entry("c2ln")).usingRecursiveComparison().isEqualTo(EntryCodec.parse(line, 42));
                    assertThat(EntryCodec.requestIdOf(line)).isEqualTo(requestId);
                }
            }
        }
    }

    @Test
    void detailsAreWrittenInKeyOrderWhenTheKeySetChanges() {
        EntryCodec.DetailOrder order = new EntryCodec.DetailOrder();
        assertThat(order.of(Map.of("b", "1", "a", "2"))).containsExactly("a", "b");
        assertThat(order.of(Map.of("c", "1", "a", "2"))).containsExactly("a", "c");
        assertThat(order.of(Map.of("c", "1", "a", "2", "B", "3"))).containsExactly("B", "a", "c");
    }
}
