package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest extends LedgerFixture {

    /** Appends {@code n} real receipts: records, a subject, a feature, records, … */
    private List<LedgerEntry> appendSome(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ForgetRequest request = switch (i % 3) {
                case 0 -> ForgetRequest.Records.of(100 + i);
                case 1 -> new ForgetRequest.Subject("s" + (100 + i));
                default -> ForgetRequest.Records.of(100 + i, 120 + i);
            };
            ForgetReceipt receipt = model.forget(request);
            out.add(ledger.append(receipt, request));
        }
        return out;
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(ledger.file(), StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws IOException {
        Files.write(ledger.file(), lines, StandardCharsets.UTF_8);
    }

    @Test
    void theEntriesAnAppendReturnsAreThoseReadBackFromTheFile() {
        List<Ledger.Item> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ForgetRequest request = i % 2 == 0 ? ForgetRequest.Records.of(100 + i, 140 + i) : new ForgetRequest.Subject("s" + i);
            ForgetReceipt r = model.forget(request);
            ForgetReceipt withDetails = new ForgetReceipt(r.family(), r.requestKind(), r.request(), r.records(), r.guarantee(),
                    r.elapsed(), i == 3 ? null : r.digestBefore(), r.digestAfter(), r.at(),
                    java.util.Map.of("z", "last \"quoted\"", "a", "é " + i));
            items.add(new Ledger.Item(withDetails, request, i == 4 ? null : "req-" + i));
        }
        List<LedgerEntry> appended = ledger.appendAll(items);
        List<LedgerEntry> read = Ledger.open(home).entries();
        assertThat(read).hasSize(appended.size());
        for (int i = 0; i < read.size(); i++) {
            assertThat(appended.get(i)).usingRecursiveComparison().isEqualTo(read.get(i));
            assertThat(appended.get(i).records()).containsExactly(read.get(i).records());
        }
        assertThat(appended.get(1).subject()).isNotNull();
        assertThat(appended.get(3).digestBefore()).isNull();
        assertThat(appended.get(4).requestId()).isNull();
    }

    @Test
    void anUntouchedLedgerVerifiesAndListsItsEntries() {
        List<LedgerEntry> appended = appendSome(5);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
        List<LedgerEntry> entries = Ledger.open(home).entries();
        assertThat(entries).hasSize(5);
        assertThat(entries.get(0).previousHash()).isEqualTo(Ledger.GENESIS);
        for (int i = 1; i < 5; i++) {
            assertThat(entries.get(i).seq()).isEqualTo(i + 1);
            assertThat(entries.get(i).previousHash()).isEqualTo(entries.get(i - 1).hash());
        }
        assertThat(entries.get(2).receipt().records()).containsExactly(102, 122);
        assertThat(entries.get(4).hash()).isEqualTo(appended.get(4).hash());
        assertThat(entries.get(0).receipt().guarantee().toString()).isEqualTo("EXACT");
    }

    @Test
    void anEmptyLedgerIsValid() {
        assertThat(ledger.verify().valid()).isTrue();
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void detectsAModifiedEntry() throws IOException {
        appendSome(5);
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("\"records\":[102,122]", "\"records\":[102]"));
        write(lines);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBad()).isEqualTo(3);
        assertThat(v.problem()).contains("modified");
    }

    @Test
    void detectsADeletedEntry() throws IOException {
        appendSome(5);
        List<String> lines = lines();
        lines.remove(1);
        write(lines);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBad()).isEqualTo(2);
        assertThat(v.problem()).contains("expected entry number 2, found 3");
    }

    @Test
    void detectsDeletedEntriesAtTheEnd() throws IOException {
        appendSome(5);
        List<String> lines = lines();
        write(lines.subList(0, 3));
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBad()).isEqualTo(4);
        assertThat(v.problem()).contains("records 5 entries but only 3 remain");
    }

    @Test
    void detectsAnInsertedEntry() throws IOException {
        appendSome(5);
        List<String> lines = lines();
        lines.add(2, lines.get(1));
        write(lines);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBad()).isEqualTo(3);
        assertThat(v.problem()).contains("inserted");
    }

    @Test
    void detectsReorderedEntries() throws IOException {
        appendSome(5);
        List<String> lines = lines();
        Collections.swap(lines, 1, 3);
        write(lines);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBad()).isEqualTo(2);
        assertThat(v.problem()).contains("reordered");
    }

    @Test
    void detectsABadSignatureEvenWhenTheHashIsRecomputed(@TempDir Path otherHome) throws IOException {
        appendSome(3);
        // an attacker with another key re-signs a consistently modified entry
        Ledger forger = Ledger.open(otherHome);
        ForgetRequest request = ForgetRequest.Records.of(139);
        LedgerEntry forged = forger.append(model.forget(request), request);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = lines();
        ObjectNode original = (ObjectNode) json.readTree(lines.get(1));
        original.put("signature", forged.signature());
        lines.set(1, json.writeValueAsString(original));
        write(lines);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBad()).isEqualTo(2);
        assertThat(v.problem()).contains("bad signature");
    }

    @Test
    void subjectIdsAppearOnlyAsKeyedHashes() throws IOException {
        appendSome(3);
        String text = Files.readString(ledger.file());
        assertThat(text).doesNotContain("\"s101\"").doesNotContain("s101");
        assertThat(text).doesNotContain(dev.lethe.model.Digests.pseudonym("s101"));
        String keyed = ledger.subjects().hash("s101");
        assertThat(keyed).startsWith("hmac-sha256:");
        LedgerEntry subject = ledger.entries().get(1);
        assertThat(subject.subject()).isEqualTo(keyed);
        assertThat(subject.request()).isEqualTo("subject " + keyed);
        assertThat(ledger.entries().get(0).subject()).isNull();
    }

    @Test
    void keysAndSecretAreCreatedOnceAndReused(@TempDir Path other) throws IOException {
        byte[] key = Files.readAllBytes(home.resolve(HomeSecrets.PRIVATE_KEY));
        byte[] secret = Files.readAllBytes(home.resolve(HomeSecrets.SUBJECT_SECRET));
        Ledger again = Ledger.open(home);
        assertThat(Files.readAllBytes(home.resolve(HomeSecrets.PRIVATE_KEY))).isEqualTo(key);
        assertThat(again.subjects().hash("alice")).isEqualTo(ledger.subjects().hash("alice"));
        assertThat(Ledger.open(other).subjects().hash("alice")).isNotEqualTo(ledger.subjects().hash("alice"));
        assertThat(secret).hasSize(32);
    }

    @Test
    void rejectsAReceiptForAnotherRequest() {
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(101));
        assertThatThrownBy(() -> ledger.append(receipt, ForgetRequest.Records.of(102)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record 101");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void concurrentAppendsFormOneValidChain() throws Exception {
        List<ForgetReceipt> receipts = new ArrayList<>();
        List<ForgetRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ForgetRequest request = ForgetRequest.Records.of(100 + i);
            receipts.add(model.forget(request));
            requests.add(request);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<LedgerEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int k = i;
                Ledger own = k % 2 == 0 ? ledger : Ledger.open(home);
                futures.add(pool.submit(() -> own.append(receipts.get(k), requests.get(k))));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(16);
    }

    @Test
    void aReceiptAppendedUnderARequestIdIsRecordedOnceHoweverOftenItIsDelivered() throws IOException {
        appendSome(2);
        ForgetRequest request = new ForgetRequest.Subject("alice");
        ForgetReceipt receipt = model.forget(request);
        LedgerEntry first = ledger.append(receipt, request, "ticket-7");
        LedgerEntry again = Ledger.open(home).append(receipt, request, "ticket-7");
        assertThat(again.seq()).isEqualTo(first.seq()).isEqualTo(3);
        assertThat(again.hash()).isEqualTo(first.hash());
        assertThat(ledger.entries()).hasSize(3);
        assertThat(ledger.entries()).filteredOn(e -> "ticket-7".equals(e.requestId())).hasSize(1);
        assertThat(ledger.find("ticket-7")).map(LedgerEntry::hash).contains(first.hash());
        assertThat(ledger.find("ticket-8")).isEmpty();
        assertThat(ledger.find("ticket")).as("a prefix of an ID is another ID").isEmpty();
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(Files.readString(ledger.file())).doesNotContain("alice");
    }

    @Test
    void entriesWithoutARequestIdAreWrittenAsBefore() throws IOException {
        appendSome(1);
        ObjectNode line = (ObjectNode) new ObjectMapper().readTree(lines().get(0));
        assertThat(line.has("requestId")).isFalse();
        assertThat(ledger.entries().get(0).requestId()).isNull();
        ForgetRequest request = ForgetRequest.Records.of(110);
        ForgetReceipt receipt = model.forget(request);
        ledger.append(receipt, request);
        ledger.append(receipt, request);
        assertThat(ledger.entries()).as("no request ID, no idempotency").hasSize(3);
        assertThatThrownBy(() -> ledger.append(receipt, request, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThat(ledger.entries()).hasSize(3);
    }

    @Test
    void concurrentRedeliveriesOfOneRequestAppendOneEntry() throws Exception {
        ForgetRequest request = ForgetRequest.Records.of(105);
        ForgetReceipt receipt = model.forget(request);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<LedgerEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Ledger own = i % 2 == 0 ? ledger : Ledger.open(home);
                futures.add(pool.submit(() -> own.append(receipt, request, "r-1")));
            }
            for (var f : futures) {
                assertThat(f.get().seq()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.entries()).hasSize(1);
        assertThat(ledger.verify().valid()).isTrue();
    }

    @Test
    void aRedeliveryCompletesAnAppendThatStoppedBeforeSigningTheHead() throws IOException {
        appendSome(2);
        byte[] headBefore = Files.readAllBytes(home.resolve(Ledger.HEAD));
        ForgetRequest request = ForgetRequest.Records.of(111);
        ForgetReceipt receipt = model.forget(request);
        ledger.append(receipt, request, "r-9");
        Files.write(home.resolve(Ledger.HEAD), headBefore); // the crash: the line is written, the head is not
        assertThat(ledger.verify().valid()).isFalse();
        ledger.append(receipt, request, "r-9");
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(3);
    }

    @Test
    void aRedeliveryDoesNotReSignAHeadBehindEntriesOfOtherRequests() throws IOException {
        appendSome(1);
        byte[] headBefore = Files.readAllBytes(home.resolve(Ledger.HEAD));
        ForgetRequest other = ForgetRequest.Records.of(114);
        ledger.append(model.forget(other), other);
        ForgetRequest request = ForgetRequest.Records.of(112);
        ForgetReceipt receipt = model.forget(request);
        ledger.append(receipt, request, "r-10");
        Files.write(home.resolve(Ledger.HEAD), headBefore);
        ledger.append(receipt, request, "r-10");
        assertThat(ledger.verify().valid()).as("an entry of another request past the head is not this interrupted append")
                .isFalse();
    }

    @Test
    void aBatchIsAppendedInOrderSkippingRequestsAlreadyRecorded() {
        List<Ledger.Item> items = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ForgetRequest request = i % 2 == 0 ? ForgetRequest.Records.of(130 + i) : new ForgetRequest.Subject("b" + i);
            items.add(new Ledger.Item(model.forget(request), request, "b-" + i));
        }
        ledger.append(items.get(1).receipt(), items.get(1).request(), "b-1");
        List<Ledger.Item> batch = new ArrayList<>(items);
        batch.add(items.get(2)); // the same request twice in one batch
        List<LedgerEntry> entries = ledger.appendAll(batch);
        assertThat(entries).extracting(LedgerEntry::requestId).containsExactly("b-0", "b-1", "b-2", "b-3", "b-2");
        assertThat(entries).extracting(LedgerEntry::seq).containsExactly(2L, 1L, 3L, 4L, 3L);
        assertThat(ledger.entries()).extracting(LedgerEntry::requestId).containsExactly("b-1", "b-0", "b-2", "b-3");
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(ledger.appendAll(items)).extracting(LedgerEntry::seq).containsExactly(2L, 1L, 3L, 4L);
        assertThat(ledger.entries()).hasSize(4);
        assertThat(ledger.appendAll(List.of())).isEmpty();
        assertThat(ledger.entries().get(3).subject()).isEqualTo(ledger.subjects().hash("b3"));
    }

    @Test
    void aRedeliveredBatchCompletesABatchAppendThatStoppedBeforeSigningTheHead() throws IOException {
        appendSome(1);
        byte[] headBefore = Files.readAllBytes(home.resolve(Ledger.HEAD));
        List<Ledger.Item> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ForgetRequest request = new ForgetRequest.Subject("c" + i);
            batch.add(new Ledger.Item(model.forget(request), request, "c-" + i));
        }
        ledger.appendAll(batch);
        Files.write(home.resolve(Ledger.HEAD), headBefore); // the crash: the lines are written, the head is not
        assertThat(ledger.verify().valid()).isFalse();
        ledger.appendAll(batch.subList(0, 2));
        assertThat(ledger.verify().valid()).as("c-2 past the head is not part of this redelivery").isFalse();
        ledger.appendAll(batch);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(4);
    }
}
