package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ConflictException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.NotFoundException;
import dev.lethe.model.UnlearnableModel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What makes the ledger hard to replace quietly: keys never remade, outside records of its length, rotation, forks, locks. */
class LedgerTrustTest extends LedgerFixture {

    private LedgerEntry forgetAndAppend(long record, String requestId) {
        ForgetRequest request = ForgetRequest.Records.of(record);
        return ledger.append(model.forget(request), request, requestId);
    }

    // ---- keys ----

    @ParameterizedTest
    @ValueSource(strings = {HomeSecrets.PRIVATE_KEY, HomeSecrets.PUBLIC_KEY, HomeSecrets.SUBJECT_SECRET})
    void aMissingKeyIsAnErrorNamingItAndNoKeyIsMadeOrOverwritten(String name) throws IOException {
        forgetAndAppend(101, null);
        Map<String, byte[]> before = secrets();
        Files.delete(home.resolve(name));
        assertThatThrownBy(() -> Ledger.open(home)).isInstanceOf(NotFoundException.class).hasMessageContaining(name);
        assertThatThrownBy(() -> Ledger.initialise(home)).as("init does not remake part of a home's keys")
                .isInstanceOf(NotFoundException.class).hasMessageContaining(name);
        assertThat(home.resolve(name)).doesNotExist();
        before.remove(name);
        assertThat(secrets()).containsOnlyKeys(before.keySet());
        before.forEach((file, bytes) -> assertThat(home.resolve(file)).hasBinaryContent(bytes));
    }

    @Test
    void initRefusesToMakeNewKeysForALedgerThatHasEntries() throws IOException {
        forgetAndAppend(101, null);
        for (String name : List.of(HomeSecrets.PRIVATE_KEY, HomeSecrets.PUBLIC_KEY, HomeSecrets.SUBJECT_SECRET)) {
            Files.delete(home.resolve(name));
        }
        assertThatThrownBy(() -> Ledger.initialise(home)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(HomeSecrets.PRIVATE_KEY);
        assertThatThrownBy(() -> Ledger.open(home)).as("a home with files is not brand-new")
                .isInstanceOf(NotFoundException.class);
        assertThat(home.resolve(HomeSecrets.PRIVATE_KEY)).doesNotExist();
    }

    @Test
    void aBrandNewHomeGetsItsKeysAnEmptyLedgerAndASignedHead(@TempDir Path parent) {
        Path fresh = parent.resolve("new-home");
        Ledger l = Ledger.open(fresh);
        assertThat(fresh.resolve(HomeSecrets.PRIVATE_KEY)).exists();
        assertThat(fresh.resolve(HomeSecrets.SUBJECT_SECRET)).exists();
        assertThat(fresh.resolve(Ledger.FILE)).exists().isEmptyFile();
        assertThat(fresh.resolve(Ledger.HEAD)).exists();
        assertThat(l.verify().valid()).isTrue();
        for (String name : List.of(HomeSecrets.PRIVATE_KEY, HomeSecrets.PUBLIC_KEY, HomeSecrets.SUBJECT_SECRET, Ledger.FILE, Ledger.HEAD)) {
            assertThat(permissions(fresh.resolve(name))).as(name).isEqualTo("rw-------");
        }
        assertThat(permissions(fresh)).isEqualTo("rwx------");
    }

    private static String permissions(Path path) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, byte[]> secrets() throws IOException {
        Map<String, byte[]> out = new java.util.HashMap<>();
        for (String name : List.of(HomeSecrets.PRIVATE_KEY, HomeSecrets.PUBLIC_KEY, HomeSecrets.SUBJECT_SECRET)) {
            if (Files.exists(home.resolve(name))) {
                out.put(name, Files.readAllBytes(home.resolve(name)));
            }
        }
        return out;
    }

    // ---- a deleted or truncated ledger ----

    @Test
    void aDeletedLedgerAndHeadAreInvalidNotAnEmptyLedger() throws IOException {
        forgetAndAppend(101, "r-1");
        forgetAndAppend(102, "r-2");
        Files.delete(home.resolve(Ledger.FILE));
        Files.delete(home.resolve(Ledger.HEAD));
        LedgerVerification v = Ledger.open(home).verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("ledger.jsonl is missing");
    }

    @Test
    void aLedgerReplacedByAnEmptyOneWithAValidHeadIsInvalidAgainstTheRegistry() throws IOException {
        forgetAndAppend(101, "r-1");
        forgetAndAppend(102, "r-2");
        LedgerHead recorded = ledger.head();
        assertThat(recorded.entries()).isEqualTo(2);
        LedgerExpectation registry = new LedgerExpectation(recorded.entries(), recorded.hash(), List.of("r-1", "r-2"));
        assertThat(ledger.verify(registry).valid()).isTrue();
        // consistent with itself (an empty ledger and a head signed with the home's own key), not with the registry
        LedgerFile files = new LedgerFile(home);
        Files.write(files.file(), new byte[0]);
        Ed25519Keys keys = new Ed25519Keys(HomeSecrets.at(home).signingKeys());
        files.writeHead(0, Ledger.GENESIS, java.util.Base64.getEncoder().encodeToString(
                keys.sign(LedgerStorage.Head.message(0, Ledger.GENESIS).getBytes(StandardCharsets.UTF_8))));
        assertThat(ledger.verify().valid()).as("on its own the empty ledger checks out").isTrue();
        LedgerVerification v = ledger.verify(registry);
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("records 2 ledger entries").contains("only 0");
    }

    @Test
    void theRegistryRecordCatchesTruncationAHeadCannotAndMissingRequests() throws IOException {
        for (int i = 0; i < 4; i++) {
            forgetAndAppend(101 + i, "r-" + i);
        }
        List<LedgerEntry> entries = ledger.entries();
        LedgerExpectation full = new LedgerExpectation(4, entries.get(3).hash(), List.of("r-0", "r-1", "r-2", "r-3"));
        assertThat(ledger.verify(full).valid()).isTrue();
        LedgerVerification longer = ledger.verify(new LedgerExpectation(6, "ab".repeat(32), List.of()));
        assertThat(longer.valid()).isFalse();
        assertThat(longer.problem()).contains("records 6 ledger entries").contains("only 4");
        LedgerVerification replaced = ledger.verify(new LedgerExpectation(3, "ab".repeat(32), List.of()));
        assertThat(replaced.valid()).isFalse();
        assertThat(replaced.firstBad()).isEqualTo(3);
        LedgerVerification missing = ledger.verify(new LedgerExpectation(4, entries.get(3).hash(), List.of("r-0", "r-9")));
        assertThat(missing.valid()).isFalse();
        assertThat(missing.problem()).contains("1 completed request has no ledger entry").contains("'r-9'");
        assertThat(ledger.verify(new LedgerExpectation(2, entries.get(1).hash(), List.of())).valid())
                .as("a ledger that grew since the record is fine").isTrue();
    }

    // ---- key rotation ----

    @Test
    void aRotationIsSignedWithTheOldKeyAndVerificationFollowsIt() throws IOException {
        Ledger stale = Ledger.open(home);
        forgetAndAppend(101, "r-1");
        byte[] oldPublic = Files.readAllBytes(home.resolve(HomeSecrets.PUBLIC_KEY));
        byte[] secret = Files.readAllBytes(home.resolve(HomeSecrets.SUBJECT_SECRET));
        LedgerEntry rotation = ledger.rotateKey();
        assertThat(rotation.seq()).isEqualTo(2);
        assertThat(rotation.requestKind()).isEqualTo("key-rotation");
        assertThat(Files.readAllBytes(home.resolve(HomeSecrets.PUBLIC_KEY))).isNotEqualTo(oldPublic);
        assertThat(home.resolve(HomeSecrets.SUBJECT_SECRET)).as("the subject secret is never rotated").hasBinaryContent(secret);
        assertThat(rotation.details().get("oldPublicKey")).isEqualTo(java.util.Base64.getEncoder().encodeToString(oldPublic));
        forgetAndAppend(102, "r-2");
        // a Ledger opened before the rotation signs with the new key too
        ForgetRequest request = ForgetRequest.Records.of(103);
        stale.append(model.forget(request), request, "r-3");
        LedgerVerification v = Ledger.open(home).verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(4);
        assertThat(ledger.rotateKey().seq()).isEqualTo(5);
        assertThat(Ledger.open(home).verify().valid()).isTrue();
    }

    @Test
    void aForgedRotationOrARevertedPublicKeyIsInvalid() throws Exception {
        forgetAndAppend(101, "r-1");
        Path pub = home.resolve(HomeSecrets.PUBLIC_KEY);
        byte[] oldPublic = Files.readAllBytes(pub);
        ledger.rotateKey();
        forgetAndAppend(102, "r-2");
        List<String> lines = Files.readAllLines(ledger.file(), StandardCharsets.UTF_8);
        String stranger = java.util.Base64.getEncoder().encodeToString(
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        List<String> forged = new ArrayList<>(lines);
        forged.set(1, forged.get(1).replaceFirst("\"newPublicKey\":\"[^\"]+\"", "\"newPublicKey\":\"" + stranger + "\""));
        assertThat(forged.get(1)).contains(stranger);
        Files.write(ledger.file(), forged, StandardCharsets.UTF_8);
        assertThat(ledger.verify().firstBad()).isEqualTo(2);
        Files.write(ledger.file(), lines, StandardCharsets.UTF_8);
        assertThat(ledger.verify().valid()).isTrue();
        byte[] newPublic = Files.readAllBytes(pub);
        Files.write(pub, oldPublic);
        LedgerVerification reverted = ledger.verify();
        assertThat(reverted.valid()).isFalse();
        assertThat(reverted.problem()).contains("is not the key the ledger's entries end with");
        Files.write(pub, newPublic);
    }

    @Test
    void aRotationThatStoppedBeforeItsEntryLeavesTheOldKeyInForce() throws IOException {
        forgetAndAppend(101, "r-1");
        byte[] pub = Files.readAllBytes(home.resolve(HomeSecrets.PUBLIC_KEY));
        HomeSecrets.at(home).prepareNextSigningKeys(); // the crash: new keys written, no entry names them
        Ledger reopened = Ledger.open(home);
        assertThat(home.resolve(HomeSecrets.PUBLIC_KEY + HomeSecrets.NEXT)).doesNotExist();
        assertThat(home.resolve(HomeSecrets.PRIVATE_KEY + HomeSecrets.NEXT)).doesNotExist();
        assertThat(home.resolve(HomeSecrets.PUBLIC_KEY)).hasBinaryContent(pub);
        assertThat(reopened.verify().valid()).isTrue();
    }

    @Test
    void aRotationThatStoppedAfterItsEntryIsFinishedWhenTheLedgerIsOpened() throws IOException {
        forgetAndAppend(101, "r-1");
        Path priv = home.resolve(HomeSecrets.PRIVATE_KEY);
        Path pub = home.resolve(HomeSecrets.PUBLIC_KEY);
        byte[] oldPriv = Files.readAllBytes(priv);
        byte[] oldPub = Files.readAllBytes(pub);
        ledger.rotateKey();
        byte[] newPub = Files.readAllBytes(pub);
        // the crash: the entry and head are written, the new keys not yet moved into place
        Files.move(priv, home.resolve(HomeSecrets.PRIVATE_KEY + HomeSecrets.NEXT));
        Files.move(pub, home.resolve(HomeSecrets.PUBLIC_KEY + HomeSecrets.NEXT));
        Files.write(priv, oldPriv);
        Files.write(pub, oldPub);
        Ledger reopened = Ledger.open(home);
        assertThat(pub).hasBinaryContent(newPub);
        assertThat(home.resolve(HomeSecrets.PUBLIC_KEY + HomeSecrets.NEXT)).doesNotExist();
        ForgetRequest request = ForgetRequest.Records.of(102);
        reopened.append(model.forget(request), request, "r-2");
        LedgerVerification v = reopened.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(3);
    }

    // ---- forks ----

    @Test
    void twoReceiptsFromOneModelStateAreAForkAndTheSecondIsRefused() throws IOException {
        byte[] file = ModelFile.toBytes(model);
        UnlearnableModel first = ModelFile.fromBytes(file);
        UnlearnableModel second = ModelFile.fromBytes(file);
        ForgetRequest a = ForgetRequest.Records.of(101);
        ForgetRequest b = ForgetRequest.Records.of(102);
        ForgetReceipt ra = first.forget(a);
        ForgetReceipt rb = second.forget(b);
        assertThat(rb.digestBefore()).isEqualTo(ra.digestBefore());
        ledger.append(ra, a);
        byte[] ledgerBefore = Files.readAllBytes(ledger.file());
        byte[] headBefore = Files.readAllBytes(home.resolve(Ledger.HEAD));
        assertThatThrownBy(() -> ledger.append(rb, b)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(rb.digestBefore()).hasMessageContaining(ra.digestAfter());
        assertThatThrownBy(() -> Ledger.open(home).append(rb, b, "req-b")).as("another process's ledger object knows it too")
                .isInstanceOf(ConflictException.class);
        assertThat(ledger.file()).hasBinaryContent(ledgerBefore);
        assertThat(home.resolve(Ledger.HEAD)).hasBinaryContent(headBefore);
        // the first copy goes on from where it is
        ForgetRequest c = ForgetRequest.Records.of(103);
        ledger.append(first.forget(c), c);
        assertThat(ledger.verify().valid()).isTrue();
    }

    @Test
    void aRefusedBatchAppendsNothingEvenItsGoodItems() throws IOException {
        byte[] file = ModelFile.toBytes(model);
        UnlearnableModel stale = ModelFile.fromBytes(file);
        ForgetRequest a = ForgetRequest.Records.of(101);
        ForgetRequest b = ForgetRequest.Records.of(102);
        ForgetRequest c = ForgetRequest.Records.of(103);
        ForgetReceipt ra = model.forget(a);
        ForgetReceipt rb = model.forget(b);
        ForgetReceipt rc = stale.forget(c);
        assertThatThrownBy(() -> ledger.appendAll(List.of(new Ledger.Item(ra, a, "a"), new Ledger.Item(rb, b, "b"),
                new Ledger.Item(rc, c, "c")))).isInstanceOf(ConflictException.class);
        assertThat(ledger.entries()).isEmpty();
        ledger.appendAll(List.of(new Ledger.Item(ra, a, "a"), new Ledger.Item(rb, b, "b")));
        assertThat(ledger.entries()).hasSize(2);
    }

    // ---- index and lock ----

    @Test
    void appendsReadOnlyWhatOthersAppendedNotTheWholeLedger() {
        for (int i = 0; i < 40; i++) {
            forgetAndAppend(101 + i, "r-" + i);
        }
        Ledger other = Ledger.open(home);
        ForgetRequest request = ForgetRequest.Records.of(150);
        other.append(model.forget(request), request, "x-1"); // builds its index: one pass
        long size = ledger.file().toFile().length();
        long before = ledger.bytesRead();
        for (int i = 0; i < 10; i++) {
            forgetAndAppend(160 + i, "s-" + i);
        }
        long read = ledger.bytesRead() - before;
        assertThat(read).as("bytes read by ten appends after another writer's one").isLessThan(size / 10);
        assertThat(ledger.find("x-1")).isPresent();
        assertThat(other.append(model.forget(ForgetRequest.Records.of(171)), ForgetRequest.Records.of(171), "s-3").seq())
                .as("the other object sees this one's appends").isEqualTo(45);
        assertThat(ledger.verify().valid()).isTrue();
    }

    @Test
    void anAppendWaitsForTheOperatingSystemLockOnTheLedger() throws Exception {
        ForgetRequest request = ForgetRequest.Records.of(101);
        ForgetReceipt receipt = model.forget(request);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Thread[] worker = new Thread[1];
        try (FileChannel channel = FileChannel.open(home.resolve("ledger.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            Future<LedgerEntry> appended;
            try (FileLock held = channel.lock()) {
                appended = pool.submit(() -> {
                    worker[0] = Thread.currentThread();
                    return ledger.append(receipt, request, "r-1");
                });
                for (int i = 0; i < 10_000 && (worker[0] == null || worker[0].getState() != Thread.State.TIMED_WAITING); i++) {
                    Thread.onSpinWait();
                    Thread.sleep(1);
                }
                assertThat(worker[0].getState()).isEqualTo(Thread.State.TIMED_WAITING);
                assertThat(appended).isNotDone();
                assertThat(ledger.file()).isEmptyFile();
            }
            assertThat(appended.get().seq()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.verify().valid()).isTrue();
    }
}
