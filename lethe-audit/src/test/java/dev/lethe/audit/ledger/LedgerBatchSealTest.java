package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.store.Backend;
import dev.lethe.store.Database;
import dev.lethe.store.LetheHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One signature per append ({@link BatchSeal}), in every storage (the home's file, the registry's table
 * on H2 and on PostgreSQL): two batches (entries 1–6 and 7–10) of which only the last entry of each is
 * signed, and every way of tampering with an unsigned entry, even by an attacker who recomputes every
 * hash, number and link after it (all but the key), is caught by its batch's signature; the truncated
 * end by the signed head; and each entry can be shown to be in the signed ledger by its Merkle audit
 * path ({@link InclusionProof}).
 */
class LedgerBatchSealTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the ledger under test is kept. */
    enum Store {
        FILE, H2_TABLE, POSTGRESQL_TABLE
    }

    @TempDir
    Path dir;

    private Path home;
    private Store store;
    private LetheHome registry;
    private Ledger ledger;
    private List<LedgerEntry> appended;

    /** Opens the ledger in {@code kept} and appends two batches. */
    private void open(Store kept) {
        store = kept;
        home = dir.resolve("home");
        Ledger.initialiseIfNew(home);
        if (kept != Store.FILE) {
            registry = (kept == Store.H2_TABLE ? Backend.H2 : Backend.POSTGRESQL).open(home);
        }
        ledger = reopen();
        appended = new ArrayList<>(ledger.appendAll(items(0, 6)));
        appended.addAll(ledger.appendAll(items(6, 4)));
    }

    private Ledger reopen() {
        return store == Store.FILE ? Ledger.open(home) : Ledger.openInDatabase(home, registry.registry().database());
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private static List<Ledger.Item> items(int from, int count) {
        List<Ledger.Item> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ForgetRequest request = i % 2 == 0 ? ForgetRequest.Records.of(100 + i) : new ForgetRequest.Subject("s" + i);
            ForgetReceipt receipt = new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {100 + i},
                    Guarantee.EXACT, Duration.ofNanos(1), null, null, Instant.now(), Map.of());
            out.add(new Ledger.Item(receipt, request, "req-" + i));
        }
        return out;
    }

    private List<ObjectNode> nodes() {
        List<ObjectNode> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = store == Store.FILE ? Files.readAllLines(ledger.file(), StandardCharsets.UTF_8) : new LedgerTable(database()).lines();
            for (String line : lines) {
                out.add((ObjectNode) JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Database database() {
        return registry.registry().database();
    }

    /** Stores the entries as they are: lines of the file, or rows of the table (numbered by place; a repeated request ID left out of its index column). */
    private void write(List<ObjectNode> nodes) {
        if (store == Store.FILE) {
            List<String> lines = new ArrayList<>();
            for (ObjectNode n : nodes) {
                lines.add(n.toString());
            }
            try {
                Files.write(ledger.file(), lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        database().transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM ledger_entries")) {
                delete.executeUpdate();
            }
            Set<String> ids = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_entries (seq, request_id, body, hash, signature) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < nodes.size(); i++) {
                    ObjectNode n = nodes.get(i);
                    String id = n.path("requestId").asText(null);
                    ps.setLong(1, i + 1); // the row's place, as the line's place in the file
                    ps.setString(2, id != null && ids.add(id) ? id : null);
                    ps.setString(3, EntryCodec.canonical(n));
                    ps.setString(4, n.path("hash").asText());
                    ps.setString(5, n.path("signature").asText());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** What an attacker without the key can do: renumber, and recompute every hash and link, keeping the signatures. */
    private static void rechain(List<ObjectNode> nodes) {
        String previous = EntryCodec.GENESIS;
        for (int i = 0; i < nodes.size(); i++) {
            ObjectNode n = nodes.get(i);
            n.put("seq", i + 1);
            n.put("previousHash", previous);
            previous = EntryCodec.hash(EntryCodec.canonical(n));
            n.put("hash", previous);
        }
    }

    private LedgerVerification tamper(Consumer<List<ObjectNode>> change) {
        List<ObjectNode> nodes = nodes();
        change.accept(nodes);
        write(nodes);
        return reopen().verify();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void onlyTheLastEntryOfEachAppendIsSignedAndTheLedgerVerifies(Store store) {
        open(store);
        assertThat(appended).extracting(LedgerEntry::signature).filteredOn(String::isEmpty).hasSize(8);
        assertThat(appended.get(5).signature()).isNotEmpty();
        assertThat(appended.get(9).signature()).isNotEmpty();
        LedgerVerification v = reopen().verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(10);
        assertThat(reopen().entries()).usingRecursiveFieldByFieldElementComparator().isEqualTo(appended);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anUnsignedEntryChangedWithEveryHashRecomputedBreaksItsBatchSignature(Store store) {
        open(store);
        LedgerVerification plain = tamper(n -> n.get(2).put("recordedAt", "2020-01-01T00:00:00Z"));
        assertThat(plain.firstBad()).isEqualTo(3);
        assertThat(plain.problem()).contains("modified");
        LedgerVerification rechained = tamper(n -> rechain(n));
        assertThat(rechained.valid()).isFalse();
        assertThat(rechained.firstBad()).as("the signed end of the batch").isEqualTo(6);
        assertThat(rechained.problem()).contains("bad signature over its batch of entries 1 to 6");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aDroppedUnsignedEntryIsCaughtEvenWhenTheRestIsRenumbered(Store store) {
        open(store);
        LedgerVerification dropped = tamper(n -> n.remove(3));
        assertThat(dropped.firstBad()).isEqualTo(4);
        assertThat(dropped.problem()).contains("deleted");
        LedgerVerification renumbered = tamper(n -> rechain(n));
        assertThat(renumbered.firstBad()).isEqualTo(5);
        assertThat(renumbered.problem()).contains("bad signature over its batch of entries 1 to 5");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anInsertedEntryIsCaughtEvenWhenTheRestIsRenumbered(Store store) {
        open(store);
        LedgerVerification inserted = tamper(n -> n.add(2, n.get(1).deepCopy()));
        assertThat(inserted.firstBad()).isEqualTo(3);
        assertThat(inserted.problem()).contains("inserted");
        LedgerVerification renumbered = tamper(n -> {
            n.remove(2);
            ObjectNode copy = n.get(1).deepCopy();
            copy.put("recordedAt", "2020-01-01T00:00:00Z");
            n.add(2, copy);
            rechain(n);
        });
        assertThat(renumbered.firstBad()).isEqualTo(7);
        assertThat(renumbered.problem()).contains("bad signature over its batch of entries 1 to 7");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void reorderedUnsignedEntriesAreCaughtEvenWhenRelinked(Store store) {
        open(store);
        LedgerVerification swapped = tamper(n -> Collections.swap(n, 1, 3));
        assertThat(swapped.firstBad()).isEqualTo(2);
        assertThat(swapped.problem()).contains("reordered");
        LedgerVerification relinked = tamper(n -> rechain(n)); // numbers 2 and 4 exchanged too
        assertThat(relinked.firstBad()).isEqualTo(6);
        assertThat(relinked.problem()).contains("bad signature");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void swappedSignaturesAreCaught(Store store) {
        open(store);
        LedgerVerification v = tamper(n -> {
            String first = n.get(5).path("signature").asText();
            n.get(5).put("signature", n.get(9).path("signature").asText());
            n.get(9).put("signature", first);
        });
        assertThat(v.firstBad()).isEqualTo(6);
        assertThat(v.problem()).contains("bad signature");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aSignatureRemovedOrMovedWithinItsBatchIsCaught(Store store) {
        open(store);
        String seal = nodes().get(5).path("signature").asText();
        LedgerVerification merged = tamper(n -> n.get(5).put("signature", ""));
        assertThat(merged.firstBad()).as("the next signature now covers entries 1 to 10").isEqualTo(10);
        assertThat(merged.problem()).contains("batch of entries 1 to 10");
        LedgerVerification moved = tamper(n -> n.get(2).put("signature", seal));
        assertThat(moved.firstBad()).isEqualTo(3);
        LedgerVerification lastRemoved = tamper(n -> {
            n.get(2).put("signature", "");
            n.get(5).put("signature", seal);
            n.get(9).put("signature", "");
        });
        assertThat(lastRemoved.firstBad()).isEqualTo(7);
        assertThat(lastRemoved.problem()).contains("entries 7 to 10 are covered by no signature");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theNextAppendSealsEntriesAnInterruptedAppendLeftWithoutTheirSignedEnd(Store store) {
        open(store);
        LedgerVerification unsealed = tamper(n -> n.get(9).put("signature", "")); // as if the append stopped before its seal
        assertThat(unsealed.problem()).contains("entries 7 to 10 are covered by no signature");
        Ledger next = reopen();
        next.appendAll(items(10, 2));
        LedgerVerification v = reopen().verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        InclusionProof proof = next.proof("req-7").orElseThrow();
        assertThat(proof.batchFirst()).isEqualTo(7);
        assertThat(proof.batchLast()).isEqualTo(12);
        assertThat(proof.verifies(next.publicKey())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void droppingTheLastBatchIsCaughtByTheSignedHeadAndTheRegistryRecord(Store store) {
        open(store);
        LedgerVerification v = tamper(n -> n.subList(6, 10).clear());
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("records 10 entries but only 6 remain");
        LedgerVerification expected = reopen().verify(new LedgerExpectation(10, appended.get(9).hash(), List.of("req-9")));
        assertThat(expected.valid()).isFalse();
        if (store == Store.FILE) {
            try {
                Files.delete(home.resolve(Ledger.HEAD));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LedgerVerification withoutHead = reopen().verify(new LedgerExpectation(10, appended.get(9).hash(), List.of()));
            assertThat(withoutHead.valid()).isFalse();
            assertThat(withoutHead.problem()).contains("head ledger.head is missing");
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void everyEntryHasAnInclusionProofThatOnlyTheHomesKeyMakesTrue(Store store, @TempDir Path other) {
        open(store);
        String key = ledger.publicKey();
        for (LedgerEntry e : appended) {
            InclusionProof proof = ledger.proof(e.requestId()).orElseThrow();
            assertThat(proof.verifies(key)).as("entry %d", e.seq()).isTrue();
            assertThat(proof.batchFirst()).isEqualTo(e.seq() <= 6 ? 1 : 7);
            assertThat(proof.batchLast()).isEqualTo(e.seq() <= 6 ? 6 : 10);
            assertThat(proof.ledgerEntry()).usingRecursiveComparison().ignoringFields("signature").isEqualTo(e);
            InclusionProof parsed = InclusionProof.parse(proof.toJson());
            assertThat(parsed).isEqualTo(proof);
            assertThat(parsed.verifies(key)).isTrue();
        }
        InclusionProof proof = ledger.proof("req-3").orElseThrow();
        assertThat(proof.path()).hasSize(3); // ⌈log₂ 6⌉
        assertThat(proof.verifies(Ledger.open(other).publicKey())).as("another home's key").isFalse();
        String changed = proof.entry().replaceFirst("\"recordedAt\":\"[^\"]+\"", "\"recordedAt\":\"2020-01-01T00:00:00Z\"");
        assertThat(changed).isNotEqualTo(proof.entry());
        assertThat(new InclusionProof(changed, proof.seq(), proof.hash(),
                proof.batchFirst(), proof.batchLast(), proof.path(), proof.signature(), proof.publicKey()).verifies(key))
                .as("the entry's content changed").isFalse();
        List<String> path = new ArrayList<>(proof.path());
        path.set(1, EntryCodec.GENESIS);
        assertThat(new InclusionProof(proof.entry(), proof.seq(), proof.hash(), proof.batchFirst(), proof.batchLast(), path,
                proof.signature(), proof.publicKey()).verifies(key)).as("a path hash changed").isFalse();
        assertThat(new InclusionProof(proof.entry(), proof.seq(), proof.hash(), proof.batchFirst(), proof.batchLast() + 1,
                proof.path(), proof.signature(), proof.publicKey()).verifies(key)).as("another batch size").isFalse();
        assertThat(ledger.proof("req-99")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aProofNamesTheKeyInForceWhenItsBatchWasSignedAcrossARotation(Store store) {
        open(store);
        String before = ledger.publicKey();
        ledger.rotateKey();
        ledger.appendAll(items(10, 3));
        String after = ledger.publicKey();
        assertThat(after).isNotEqualTo(before);
        InclusionProof old = ledger.proof("req-2").orElseThrow();
        assertThat(old.publicKey()).isEqualTo(before);
        assertThat(old.verifies(before)).isTrue();
        assertThat(old.verifies(after)).isFalse();
        InclusionProof rotation = ledger.proofAt(11);
        assertThat(rotation.verifies(before)).as("a rotation is signed with the old key").isTrue();
        InclusionProof fresh = ledger.proof("req-11").orElseThrow();
        assertThat(fresh.verifies(after)).isTrue();
        assertThat(fresh.verifies(before)).isFalse();
        assertThat(reopen().verify().valid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aBatchWithoutItsSignedEndHasNoProof(Store store) {
        open(store);
        tamper(n -> n.get(9).put("signature", ""));
        assertThatThrownBy(() -> reopen().proof("req-7")).isInstanceOf(LedgerException.class)
                .hasMessageContaining("no signed entry ends");
    }
}
