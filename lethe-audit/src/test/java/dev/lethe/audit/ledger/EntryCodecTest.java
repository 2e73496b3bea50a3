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
 * A receipt's entry written field by field ({@link ReceiptDrafts}) is exactly the canonical
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
        ReceiptDrafts drafts = new ReceiptDrafts();
        Instant now = Instant.parse("2026-12-05T11:00:00Z");
        for (ForgetReceipt r : new ForgetReceipt[] {receipt("before", details), receipt(null, Map.of()), receipt(null, details)}) {
            for (String subject : new String[] {null, "ab12"}) {
                for (String requestId : new String[] {null, "req \"1\""}) {
                    assertRoundTrips(drafts.draft(r, subject, requestId, 42, EntryCodec.GENESIS, now), requestId);
                }
            }
        }
    }

    /**
     * Strings of any characters (controls, quotes, backslashes, non-ASCII, lone surrogates, DEL) in every
     * field and detail key a receipt carries: the writer's text is the tree's canonical text.
     */
    @Test
    void anyTextIsWrittenAsTheCanonicalJsonWritesIt() {
        java.util.Random random = new java.util.Random(11);
        ReceiptDrafts drafts = new ReceiptDrafts();
        for (int n = 0; n < 300; n++) {
            Map<String, String> details = new LinkedHashMap<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                details.put(text(random), text(random));
            }
            ForgetReceipt r = new ForgetReceipt(text(random), text(random), text(random), new long[] {random.nextLong(), -1},
                    Guarantee.EXACT, Duration.ofNanos(random.nextLong(Long.MAX_VALUE)), random.nextBoolean() ? null : text(random),
                    text(random), Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000)), details);
            String requestId = text(random);
            EntryCodec.Draft d = drafts.draft(r, random.nextBoolean() ? null : text(random), requestId.isEmpty() ? null : requestId,
                    random.nextLong(Long.MAX_VALUE), text(random), Instant.ofEpochSecond(random.nextInt()));
            String line = EntryCodec.line(d.text(), d.hash(), "c2ln");
            assertThat(EntryCodec.canonical(EntryCodec.node(line, 1))).isEqualTo(d.text());
            assertThat(EntryCodec.hash(d.text())).isEqualTo(d.hash());
        }
    }

    private static String text(java.util.Random random) {
        char[] pool = {'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u00e9', '\u2028', '\ud834',
            '\udd1e', '{', ':', ','};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(pool[random.nextInt(pool.length)]);
        }
        return out.toString();
    }

    private static void assertRoundTrips(EntryCodec.Draft d, String requestId) {
        String line = EntryCodec.line(d.text(), d.hash(), "c2ln");
        assertThat(EntryCodec.canonical(EntryCodec.node(line, 42))).isEqualTo(d.text());
        assertThat(EntryCodec.hash(d.text())).isEqualTo(d.hash());
        assertThat(d.entry("c2ln")).usingRecursiveComparison().isEqualTo(EntryCodec.parse(line, 42));
        assertThat(EntryCodec.requestIdOf(line)).isEqualTo(requestId);
    }

    @Test
    void detailsAreWrittenInKeyOrderWhenTheKeySetChanges() {
        EntryCodec.DetailOrder order = new EntryCodec.DetailOrder();
        assertThat(order.of(Map.of("b", "1", "a", "2"))).containsExactly("a", "b");
        assertThat(order.of(Map.of("c", "1", "a", "2"))).containsExactly("a", "c");
        assertThat(order.of(Map.of("c", "1", "a", "2", "B", "3"))).containsExactly("B", "a", "c");
    }
}
