package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ConflictException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.store.Backend;
import dev.lethe.store.Database;
import dev.lethe.store.LetheHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ledger kept in the registry database ({@link LedgerTable}), on H2 and on PostgreSQL: the same
 * chain, signatures and head as the file, idempotent appends found by the request index, tampering
 * with rows reported, and writers with separate connections serialised into one chain.
 */
class LedgerTableTest {

    @TempDir
    Path dir;

    /** A receipt for record {@code id} under request ID {@code requestId}. */
    static Ledger.Item item(long id, String requestId) {
        ForgetRequest request = ForgetRequest.Records.of(id);
        ForgetReceipt receipt = new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {id}, Guarantee.EXACT,
                Duration.ofNanos(1), null, null, Instant.now(), Map.of());
        return new Ledger.Item(receipt, request, requestId);
    }

    static List<Ledger.Item> items(String prefix, int from, int count) {
        List<Ledger.Item> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(item(i, prefix + i));
        }
        return out;
    }

    private Path home() {
        Path home = dir.resolve("home");
        Ledger.initialiseIfNew(home);
        return home;
    }

    private static void sql(Database db, String statement) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static long rows(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ledger_entries"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBatchIsStoredAsRowsThatVerifyAndARepeatedAppendIsANoOp(Backend backend) {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger ledger = Ledger.openInDatabase(home, db);
            assertThat(ledger.inDatabase()).isTrue();
            assertThat(ledger.verify().valid()).as("an empty ledger with its signed head").isTrue();
            List<LedgerEntry> first = ledger.appendAll(items("r-", 0, 50));
            assertThat(first).extracting(LedgerEntry::seq).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
            List<LedgerEntry> again = Ledger.openInDatabase(home, db).appendAll(items("r-", 40, 20)); // 40–49 recorded, 50–59 new
            assertThat(again.subList(0, 10)).extracting(LedgerEntry::hash)
                    .containsExactlyElementsOf(first.subList(40, 50).stream().map(LedgerEntry::hash).toList());
            assertThat(again.get(10).seq()).isEqualTo(51);
            assertThat(rows(db)).isEqualTo(60);
            assertThat(ledger.find("r-7")).map(LedgerEntry::hash).contains(first.get(7).hash());
            assertThat(ledger.find("r-99")).isEmpty();
            assertThat(ledger.head()).isEqualTo(new LedgerHead(60, again.get(19).hash()));
            LedgerVerification v = Ledger.openInDatabase(home, db).verify(new LedgerExpectation(60, again.get(19).hash(), List.of("r-0", "r-59")));
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(60);
            assertThat(Ledger.openInDatabase(home, db).entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates().hasSize(60);
            assertThat(home.resolve(Ledger.FILE)).as("the file ledger is untouched").isEmptyFile();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anAppendReadsOnlyTheRowsOtherWritersAddedSinceItLastLooked(Backend backend) {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger mine = Ledger.openInDatabase(home, db);
            Ledger theirs = Ledger.openInDatabase(home, db);
            mine.appendAll(items("a-", 0, 30));
            theirs.appendAll(items("b-", 0, 3));
            long before = mine.bytesRead();
            mine.appendAll(items("a-", 30, 1));
            assertThat(mine.bytesRead() - before).as("rows read").isLessThanOrEqualTo(4);
            assertThat(mine.verify().valid()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void changedDeletedOrMissingRowsAreReportedAndAppendsRefused(Backend backend) {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger ledger = Ledger.openInDatabase(home, db);
            ledger.appendAll(items("r-", 0, 10));

            sql(db, "UPDATE ledger_entries SET body = REPLACE(body, '\"records\":[3]', '\"records\":[4]') WHERE seq = 4");
            LedgerVerification changed = ledger.verify();
            assertThat(changed.valid()).isFalse();
            assertThat(changed.firstBad()).isEqualTo(4);
            assertThat(changed.problem()).contains("does not match its hash");
            sql(db, "UPDATE ledger_entries SET body = REPLACE(body, '\"records\":[4]', '\"records\":[3]') WHERE seq = 4");
            assertThat(ledger.verify().valid()).as("restored").isTrue();

            sql(db, "DELETE FROM ledger_entries WHERE seq = 5");
            LedgerVerification gap = ledger.verify();
            assertThat(gap.valid()).isFalse();
            assertThat(gap.firstBad()).isEqualTo(5);
            assertThatThrownBy(() -> Ledger.openInDatabase(home, db).appendAll(items("x-", 0, 1))).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("lethe ledger verify");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deletingTheLastRowsIsReportedByTheSignedHeadAndRefusedByTheNextAppend(Backend backend) {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger ledger = Ledger.openInDatabase(home, db);
            ledger.appendAll(items("r-", 0, 10));
            sql(db, "DELETE FROM ledger_entries WHERE seq > 7");
            LedgerVerification v = Ledger.openInDatabase(home, db).verify();
            assertThat(v.valid()).isFalse();
            assertThat(v.problem()).contains("records 10 entries but only 7 remain");
            assertThatThrownBy(() -> ledger.appendAll(items("x-", 0, 1))).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("holds 7 entries, which do not end where its signed head");
            assertThat(rows(db)).isEqualTo(7);
            // the head forged to match: its signature does not verify
            sql(db, "UPDATE ledger_signed_head SET entries = 7, hash = (SELECT hash FROM ledger_entries WHERE seq = 7)");
            LedgerVerification forged = Ledger.openInDatabase(home, db).verify();
            assertThat(forged.valid()).isFalse();
            assertThat(forged.problem()).contains("bad signature");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRefusedBatchStoresNothingAndTheNextAppendContinuesTheChain(Backend backend) {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger ledger = Ledger.openInDatabase(home, db);
            ledger.appendAll(items("r-", 0, 3));
            ForgetRequest request = ForgetRequest.Records.of(9);
            ForgetReceipt fork1 = new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {9}, Guarantee.EXACT,
                    Duration.ofNanos(1), "d0", "d1", Instant.now(), Map.of());
            ForgetReceipt fork2 = new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {9}, Guarantee.EXACT,
                    Duration.ofNanos(1), "d0", "d2", Instant.now(), Map.of());
            ledger.append(fork1, request, "f-1");
            List<Ledger.Item> refused = new ArrayList<>(items("n-", 0, 2));
            refused.add(new Ledger.Item(fork2, request, "f-2"));
            assertThatThrownBy(() -> Ledger.openInDatabase(home, db).appendAll(refused)).isInstanceOf(ConflictException.class);
            assertThat(rows(db)).isEqualTo(4);
            ledger.appendAll(items("n-", 0, 2));
            LedgerVerification v = ledger.verify();
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void keyRotationsRevealsAndEventsChainInTheTable(Backend backend) {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger ledger = Ledger.openInDatabase(home, db);
            ledger.appendAll(items("r-", 0, 2));
            ledger.rotateKey();
            ledger.appendReveal("r-1", "alice@example.org", "key-1");
            ledger.appendEvent("privacy", "dp-spend", "a query", Map.of("epsilon", "0.5"));
            ledger.appendAll(items("r-", 2, 2));
            LedgerVerification v = Ledger.openInDatabase(home, db).verify();
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(7);
            assertThat(Ledger.openInDatabase(home, db).find("r-1")).map(Ledger::isReveal).contains(false);
            assertThat(Ledger.openInDatabase(home, db).entries().toString()).doesNotContain("alice@example.org");
        }
    }

    @Test
    void aPostgresHomeKeepsItsLedgerInTheRegistryAndAnH2HomeInItsFile() {
        Path home = home();
        try (LetheHome pg = Backend.POSTGRESQL.open(home)) {
            Ledger ledger = Ledger.open(pg);
            assertThat(ledger.inDatabase()).isTrue();
            ledger.appendAll(items("r-", 0, 2));
            assertThat(rows(pg.registry().database())).isEqualTo(2);
        }
        Path other = dir.resolve("h2");
        Ledger.initialiseIfNew(other);
        try (LetheHome h2 = Backend.H2.open(other)) {
            Ledger ledger = Ledger.open(h2);
            assertThat(ledger.inDatabase()).isFalse();
            ledger.appendAll(items("r-", 0, 2));
            assertThat(rows(h2.registry().database())).isZero();
            assertThat(ledger.file()).isEqualTo(other.resolve(Ledger.FILE));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void openingReadingTheHeadAndFindingAnEntryDoNotWaitForAWriterHoldingTheLock(Backend backend) throws Exception {
        Path home = home();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            List<LedgerEntry> written = Ledger.openInDatabase(home, db).appendAll(items("r-", 0, 3));
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> writer = threads.submit(() -> db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT entries FROM ledger_signed_head WHERE id = 1 FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                held.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
            try {
                Future<LedgerHead> head = threads.submit(() -> Ledger.openInDatabase(home, db).head());
                assertThat(head.get(1, TimeUnit.MINUTES)).isEqualTo(new LedgerHead(3, written.get(2).hash()));
                Future<java.util.Optional<LedgerEntry>> found = threads.submit(() -> Ledger.openInDatabase(home, db).find("r-1"));
                assertThat(found.get(1, TimeUnit.MINUTES)).map(LedgerEntry::hash).contains(written.get(1).hash());
            } finally {
                release.countDown();
            }
            writer.get(1, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFileLedgerIsMovedIntoAnEmptyTableWithItsChainAndHeadIntact(Backend backend) {
        Path home = home();
        List<LedgerEntry> written = Ledger.open(home).appendAll(items("old-", 0, 5));
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger ledger = Ledger.openInDatabase(home, db);
            assertThat(rows(db)).isEqualTo(5);
            assertThat(ledger.find("old-3")).map(LedgerEntry::hash).contains(written.get(3).hash());
            ledger.appendAll(items("new-", 0, 2));
            LedgerVerification v = Ledger.openInDatabase(home, db).verify(new LedgerExpectation(5, written.get(4).hash(), List.of("old-0")));
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(7);
            assertThat(Ledger.open(home).entries()).as("the file is left as it was").hasSize(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHomeWithOtherKeysIsRefusedTheRegistrysLedgerAndOneWithCopiedKeysAppends(Backend backend) throws Exception {
        Path home = home();
        try (LetheHome h = backend.open(home)) {
            Database db = h.registry().database();
            Ledger.openInDatabase(home, db).appendAll(items("a-", 0, 2));
            Path stranger = dir.resolve("stranger");
            Ledger.initialise(stranger);
            Files.delete(stranger.resolve(Ledger.FILE));
            assertThatThrownBy(() -> Ledger.openInDatabase(stranger, db).appendAll(items("s-", 0, 1))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("every server of one registry needs the same keys");
            assertThatThrownBy(() -> Ledger.openInDatabase(stranger, db).checkSigningKey()).isInstanceOf(ConflictException.class);
            Path copy = dir.resolve("copy");
            Files.createDirectories(copy);
            for (String name : List.of(HomeSecrets.PRIVATE_KEY, HomeSecrets.PUBLIC_KEY, HomeSecrets.SUBJECT_SECRET)) {
                Files.copy(home.resolve(name), copy.resolve(name));
            }
            assertThat(rows(db)).isEqualTo(2);
            Ledger.openInDatabase(copy, db).appendAll(items("b-", 0, 2));
            LedgerVerification v = Ledger.openInDatabase(home, db).verify();
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void threadsWithTheirOwnConnectionsAppendingAtOnceFormOneChainLosingAndDoublingNothing(Backend backend) throws Exception {
        Path home = home();
        int writers = 4;
        int batches = 5;
        int perBatch = 20;
        try (LetheHome h = backend.open(home)) {
            String url = backend.url(h);
            List<LetheHome> homes = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    LetheHome own = backend == Backend.H2 ? LetheHome.open(home)
                            : LetheHome.open(home, url, Backend.user(), Backend.password());
                    homes.add(own);
                    Ledger ledger = Ledger.openInDatabase(home, own.registry().database());
                    String prefix = "w" + w + "-";
                    running.add(threads.submit(() -> {
                        for (int b = 0; b < batches; b++) {
                            ledger.appendAll(items(prefix, b * perBatch, perBatch));
                            ledger.appendAll(items(prefix, b * perBatch, 1)); // redelivered: nothing new
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(3, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
                homes.forEach(LetheHome::close);
            }
            Ledger ledger = Ledger.openInDatabase(home, h.registry().database());
            LedgerVerification v = ledger.verify();
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(writers * batches * perBatch);
            assertThat(ledger.entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates()
                    .hasSize(writers * batches * perBatch);
        }
        assertThat(Files.exists(home)).isTrue();
    }
}
