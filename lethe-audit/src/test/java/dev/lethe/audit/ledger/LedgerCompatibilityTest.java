package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ConflictException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home written by the ledger before it was split (test resource {@code ledger/home-before-split}: three
 * entries, one under request ID T-1 for a subject, one under T-2) keeps verifying, and the new code
 * appends to it, answers redeliveries from its index and guards its digest chains.
 */
class LedgerCompatibilityTest {

    @TempDir
    Path home;

    private Ledger openCopy() throws IOException {
        for (String name : new String[] {"ledger-ed25519.key", "ledger-ed25519.pub", "subject-hmac.key", "ledger.jsonl", "ledger.head"}) {
            try (InputStream in = getClass().getResourceAsStream("/ledger/home-before-split/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.copy(in, home.resolve(name));
            }
        }
        return Ledger.open(home);
    }

    private static ForgetReceipt receipt(ForgetRequest request, long record, String before, String after) {
        return new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {record}, Guarantee.EXACT,
                Duration.ofNanos(100), before, after, Instant.parse("2026-12-01T00:00:00Z"), Map.of());
    }

    @Test
    void aLedgerWrittenBeforeTheSplitVerifiesAndTakesNewEntries() throws IOException {
        Ledger ledger = openCopy();
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(3);
        assertThat(ledger.find("T-1")).map(LedgerEntry::seq).contains(2L);
        assertThat(ledger.find("T-1").orElseThrow().subject()).isEqualTo(ledger.subjects().hash("alice@example.org"));
        ForgetRequest again = new ForgetRequest.Subject("alice@example.org");
        assertThat(ledger.append(receipt(again, 103, "d1", "d2"), again, "T-1").seq()).as("a redelivery").isEqualTo(2);
        ForgetRequest next = ForgetRequest.Records.of(104);
        assertThat(ledger.append(receipt(next, 104, "d2", "d3"), next, "T-3").seq()).isEqualTo(4);
        ForgetRequest stale = ForgetRequest.Records.of(105);
        assertThatThrownBy(() -> ledger.append(receipt(stale, 105, "d1", "d9"), stale, "T-4"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("d1").hasMessageContaining("d3");
        LedgerVerification after = Ledger.open(home).verify();
        assertThat(after.valid()).as(after.toString()).isTrue();
        assertThat(after.entries()).isEqualTo(4);
    }

    @Test
    void entriesSignedOneByOneKeepVerifyingWithBatchesAfterThemAndHaveProofs() throws IOException {
        Ledger ledger = openCopy();
        ForgetRequest a = ForgetRequest.Records.of(104);
        ForgetRequest b = ForgetRequest.Records.of(105);
        List<LedgerEntry> batch = ledger.appendAll(List.of(new Ledger.Item(receipt(a, 104, "d2", "d3"), a, "T-3"),
                new Ledger.Item(receipt(b, 105, "d3", "d4"), b, "T-4")));
        assertThat(batch.get(0).signature()).as("sealed by the batch's last entry").isEmpty();
        LedgerVerification v = Ledger.open(home).verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
        for (long seq = 1; seq <= 5; seq++) {
            InclusionProof proof = ledger.proofAt(seq);
            assertThat(proof.verifies(ledger.publicKey())).as("entry %d", seq).isTrue();
            assertThat(proof.path()).hasSize(seq <= 3 ? 0 : 1);
        }
        // the old entries' own signatures still bind them: swapped, they fail
        List<String> lines = new ArrayList<>(Files.readAllLines(ledger.file(), StandardCharsets.UTF_8));
        String sig1 = signature(lines.get(0));
        String sig2 = signature(lines.get(1));
        lines.set(0, lines.get(0).replace(sig1, sig2));
        lines.set(1, lines.get(1).replace(sig2, sig1));
        Files.write(ledger.file(), lines, StandardCharsets.UTF_8);
        LedgerVerification swapped = Ledger.open(home).verify();
        assertThat(swapped.valid()).isFalse();
        assertThat(swapped.firstBad()).isEqualTo(1);
        assertThat(swapped.problem()).contains("bad signature");
    }

    private static String signature(String line) {
        Matcher m = Pattern.compile("\"signature\":\"([^\"]+)\"").matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
