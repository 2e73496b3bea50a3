package dev.lethe.audit.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.ConflictException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.NotFoundException;
import dev.lethe.store.Database;
import dev.lethe.store.Dialect;
import dev.lethe.store.LetheHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The append-only, hash-chained, signed log of forget receipts: {@code ledger.jsonl} in the Lethe home,
 * or, for a home whose registry is PostgreSQL (servers on several machines), tables in the registry
 * database ({@link #open(LetheHome)}; {@link LedgerStorage} is the seam, and everything below holds
 * for both: a table row stores the line a file would).
 *
 * <p>Each line is one JSON entry ({@link EntryCodec}). Its hash is SHA-256 over its canonical JSON,
 * which includes the previous entry's hash. Each append is sealed by one Ed25519 signature of the
 * home's key, stored on its last entry, over the Merkle tree hash of the append's entries
 * ({@link BatchSeal}, as Certificate Transparency signs tree heads): through the chain it covers every
 * entry before it, and {@link #proof} shows one entry is in the signed ledger ({@link InclusionProof}).
 * Ledgers written when every entry was signed keep verifying. A signed
 * head ({@code ledger.head}) records the number of entries and the last hash, so dropping entries from
 * the end is detected too; the registry of the home records the same after each of the worker's
 * appends, so deleting the ledger together with its head is detected as well ({@link #verify(LedgerExpectation)}).
 *
 * <p>Subject IDs never reach the file: a subject request is recorded by the keyed hash of its ID
 * ({@link SubjectHasher}), which is why {@link #append} takes the request beside its receipt.
 *
 * <p>A receipt delivered at least once (the forget workflow hands a receipt over again after a crash)
 * is appended under its request ID with {@link #append(ForgetReceipt, ForgetRequest, String)}, which
 * appends nothing when an entry for that ID is already there; {@link #appendAll} does the same for a
 * batch, with one forced write. Whether an ID is recorded is answered by an index ({@link LedgerIndex})
 * that reads only what was appended since it last looked, so an append does not read the ledger.
 * Writers in every process are serialised by an operating-system file lock ({@link LedgerFile}), or by a
 * row lock on the head in the registry ({@link LedgerTable}).
 *
 * <p>A receipt that starts from a model state the ledger has already seen the model leave is refused
 * ({@link DigestChains}): it is the trace of a lost update. The signing key changes only by
 * {@link #rotateKey()}, which appends an entry signed with the old key naming the new one.
 */
public final class Ledger {

    public static final String FILE = LedgerFile.FILE;
    public static final String HEAD = LedgerFile.HEAD;
    static final String GENESIS = EntryCodec.GENESIS;

    private final HomeSecrets home;
    private final LedgerStorage files;
    private final LedgerIndex index = new LedgerIndex();
    private final SubjectHasher subjects;
    private Ed25519Keys keys;

    private Ledger(HomeSecrets home, LedgerStorage storage) {
        this.home = home;
        this.files = storage;
        this.keys = new Ed25519Keys(home.signingKeys());
        this.subjects = new SubjectHasher(home.subjectSecret());
    }

    /**
     * Opens the ledger file of a Lethe home (a home without a registry, or with an embedded one). A
     * brand-new home (no directory, or an empty one) is initialised as by {@link #initialise}; in any
     * other home a missing key is an error naming the file.
     *
     * @throws NotFoundException when a key file of an existing home is missing
     */
    public static Ledger open(Path homeDir) {
        return start(HomeSecrets.at(homeDir), new LedgerFile(homeDir));
    }

    /**
     * Opens the ledger of an open Lethe home where its registry says it lives: in the registry database
     * when that is PostgreSQL (the servers of one registry may run on several machines, which cannot
     * share a file's lock), in the home's file otherwise (an embedded H2 registry serves one machine).
     * The keys are the home directory's either way: every server of a PostgreSQL registry needs the
     * same ones (see the README).
     *
     * @throws NotFoundException when a key file of an existing home is missing
     */
    public static Ledger open(LetheHome home) {
        return open(home.dir(), home.registry().database());
    }

    /** As {@link #open(LetheHome)}: the ledger of the home {@code homeDir} whose registry is {@code registry}. */
    public static Ledger open(Path homeDir, Database registry) {
        if (registry.dialect() == Dialect.POSTGRESQL) {
            return openInDatabase(homeDir, registry);
        }
        HomeSecrets secrets = HomeSecrets.at(homeDir);
        SubjectKeyCheck.verify(secrets, registry);
        return start(secrets, new LedgerFile(homeDir));
    }

    /**
     * Opens the ledger kept in a registry database ({@link LedgerTable}) whatever its kind, signed with
     * the keys of the Lethe home {@code homeDir}. {@link #open(LetheHome)} chooses it for PostgreSQL
     * registries; an H2 registry can hold one as well (tests, or a program that opts in by calling this).
     *
     * @throws NotFoundException when a key file of an existing home is missing
     */
    public static Ledger openInDatabase(Path homeDir, Database db) {
        HomeSecrets secrets = HomeSecrets.at(homeDir);
        SubjectKeyCheck.verify(secrets, db);
        return start(secrets, new LedgerTable(db));
    }

    /**
     * Initialises the ledger of a Lethe home ({@code lethe init}): creates the directory, the keys, the
     * subject secret and an empty ledger with its signed head where the home has none of them; opens a
     * home that has them all as it is.
     *
     * @throws NotFoundException when some key files exist and others are missing, or when the ledger holds
     *                           entries but every key is gone (a new key would not verify them)
     */
    public static Ledger initialise(Path homeDir) {
        Path ledger = homeDir.resolve(FILE);
        try {
            if (!HomeSecrets.anySecret(homeDir) && Files.exists(ledger) && Files.size(ledger) > 0) {
                throw new NotFoundException(homeDir.resolve(HomeSecrets.PRIVATE_KEY) + " is missing while " + ledger
                        + " holds entries signed with it: restore the key from a backup (a new key would not verify them)");
            }
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + ledger + ": " + e.getMessage(), e);
        }
        return start(HomeSecrets.initialise(homeDir), new LedgerFile(homeDir));
    }

    /**
     * Initialises the ledger of an open Lethe home ({@code lethe init}) where {@link #open(LetheHome)} keeps
     * it: as {@link #initialise(Path)} for a file ledger; for one in a PostgreSQL registry, makes the home's
     * keys where it has none (a first server) and signs the registry's empty ledger.
     *
     * @throws NotFoundException when the home has no keys but the registry's ledger holds entries (another
     *                           server's keys must be copied here: a new key would not verify them)
     */
    public static Ledger initialise(LetheHome home) {
        Database db = home.registry().database();
        if (db.dialect() != Dialect.POSTGRESQL) {
            Ledger ledger = initialise(home.dir());
            SubjectKeyCheck.verify(ledger.home, db);
            return ledger;
        }
        LedgerTable table = new LedgerTable(db);
        if (!HomeSecrets.anySecret(home.dir()) && !table.isNew()) {
            throw new NotFoundException(home.dir().resolve(HomeSecrets.PRIVATE_KEY) + " is missing while the registry's ledger "
                    + "holds entries signed with it: copy the keys (" + HomeSecrets.PRIVATE_KEY + ", " + HomeSecrets.PUBLIC_KEY
                    + ", " + HomeSecrets.SUBJECT_SECRET + ") from the home of a server of this registry");
        }
        HomeSecrets secrets = HomeSecrets.initialise(home.dir());
        SubjectKeyCheck.verify(secrets, db);
        Ledger ledger = start(secrets, table);
        ledger.checkSigningKey();
        return ledger;
    }

    /**
     * Initialises a brand-new home's ledger and keys (a directory that does not exist yet or is empty),
     * before anything else is put in it; leaves any other home alone. Callers that create a home's
     * registry call this first, so that the home's first use makes its keys.
     */
    public static void initialiseIfNew(Path homeDir) {
        if (HomeSecrets.isBrandNew(homeDir)) {
            initialise(homeDir);
        }
    }

    private static Ledger start(HomeSecrets secrets, LedgerStorage storage) {
        Ledger ledger = new Ledger(secrets, storage);
        if (storage.createdByRegistry()) {
            FileLedgerImport.into(storage, secrets);
        }
        if (secrets.created() || storage.createdByRegistry()) {
            ledger.createEmpty();
        }
        ledger.finishRotation();
        return ledger;
    }

    /**
     * For a ledger in the registry, refuses a home whose signing key did not sign the ledger's head (every
     * append re-signs it with the key in force): a server of a PostgreSQL registry with keys of its own
     * would append entries no one can verify, so its keys must be copied from the home that made them.
     * Every append checks it; {@code lethe init} and a worker's ledger sink check it up front. (Not
     * checked when opening, so that a changed head can still be verified.) A file ledger passes.
     *
     * @throws ConflictException when the key differs, or the head was changed
     */
    public void checkSigningKey() {
        if (!files.createdByRegistry()) {
            return;
        }
        Optional<LedgerStorage.Head> head;
        try {
            head = files.readHead(); // the table's head is read consistently without the writers' lock
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger's head " + files.headName() + ": " + e.getMessage(), e);
        }
        if (head.isPresent() && !keys.verify(LedgerStorage.Head.message(head.get().entries(), head.get().hash())
                .getBytes(StandardCharsets.UTF_8), decode(head.get().signature()))) {
            throw new ConflictException("the signing key " + home.resolve(HomeSecrets.PUBLIC_KEY) + " ("
                    + Ed25519Keys.fingerprint(keys.publicKeyBase64()) + ") did not sign the head of the ledger in the registry: "
                    + "every server of one registry needs the same keys; copy " + HomeSecrets.PRIVATE_KEY + ", "
                    + HomeSecrets.PUBLIC_KEY + " and " + HomeSecrets.SUBJECT_SECRET + " from the home that made them "
                    + "(after 'lethe ledger rotate-key', copy the new key pair to every server), or else the head was changed: "
                    + "run 'lethe ledger verify'");
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private void createEmpty() {
        try {
            if (!files.isNew()) {
                return; // checked again under the lock; most opens find the ledger made and need not wait for it
            }
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + files.name() + ": " + e.getMessage(), e);
        }
        files.locked(() -> {
            if (files.isNew()) {
                files.createEmpty();
                files.writeHead(0, GENESIS, sign(LedgerStorage.Head.message(0, GENESIS)));
            }
            return null;
        });
    }

    /**
     * The ledger file ({@code ledger.jsonl} in the home).
     *
     * @throws IllegalStateException when the ledger is kept in the registry database ({@link #where()} names it)
     */
    public Path file() {
        if (files instanceof LedgerFile f) {
            return f.file();
        }
        throw new IllegalStateException("this ledger is kept in the registry database, not in a file");
    }

    /** Whether the ledger is kept in the registry database ({@link #openInDatabase}) rather than in a file. */
    public boolean inDatabase() {
        return files instanceof LedgerTable;
    }

    /** Where the ledger is kept, for people: the file's path, or the registry table. */
    public String where() {
        return files instanceof LedgerFile f ? f.file().toString() : files.name();
    }

    /** How much this ledger object has read from storage (appends read only what other writers appended since). */
    long bytesRead() {
        return files.read();
    }

    public SubjectHasher subjects() {
        return subjects;
    }

    /**
     * The receipt as a forget of a model file records it: naming the file the new state was written to
     * (its real path where it exists), which is how the fork guard tells a stale copy's forget from
     * another model's that merely started from an equal state.
     */
    public static ForgetReceipt forModelFile(ForgetReceipt receipt, Path modelFile) {
        Path path = modelFile.toAbsolutePath().normalize();
        try {
            path = Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            // keep the absolute path: the file's name still identifies it
        }
        Map<String, String> details = new java.util.LinkedHashMap<>(receipt.details());
        details.put(DigestChains.MODEL_FILE, path.toString());
        return new ForgetReceipt(receipt.family(), receipt.requestKind(), receipt.request(), receipt.records(),
                receipt.guarantee(), receipt.elapsed(), receipt.digestBefore(), receipt.digestAfter(), receipt.at(), details);
    }

    /**
     * Appends a receipt.
     *
     * @param request the request the receipt answers (its subject ID is stored only as a keyed hash)
     * @throws IllegalArgumentException when the receipt is not for this request
     * @throws ConflictException        when the receipt starts from a model state the ledger already saw the model leave
     * @throws LedgerException          on I/O failure, or when the ledger is not intact (verify it)
     */
    public LedgerEntry append(ForgetReceipt receipt, ForgetRequest request) {
        return append(receipt, request, null);
    }

    /**
     * Appends a receipt under a request ID, at most once: when an entry for {@code requestId} is already
     * in the ledger, that entry is returned and nothing is written (idempotent redelivery).
     *
     * @param requestId the ID of the request in the forget workflow (stored in clear, so never personal
     *                  data), or {@code null} to append unconditionally as {@link #append(ForgetReceipt, ForgetRequest)}
     * @throws IllegalArgumentException when the receipt is not for this request or the ID is blank
     * @throws ConflictException        when the receipt starts from a model state the ledger already saw the model leave
     * @throws LedgerException          on I/O failure, or when the ledger is not intact (verify it)
     */
    public LedgerEntry append(ForgetReceipt receipt, ForgetRequest request, String requestId) {
        return appendAll(List.of(new Item(receipt, request, requestId))).get(0);
    }

    /**
     * A receipt to append: the request it answers, and the workflow's request ID or {@code null}.
     *
     * @throws IllegalArgumentException when the receipt is not for this request or the ID is blank
     */
    public record Item(ForgetReceipt receipt, ForgetRequest request, String requestId) {
        public Item {
            Objects.requireNonNull(receipt, "receipt");
            Objects.requireNonNull(request, "request");
            if (requestId != null && requestId.isBlank()) {
                throw new IllegalArgumentException("a ledger request ID must not be blank, got '" + requestId + "'");
            }
            if (!receipt.requestKind().equals(request.kind()) || !receipt.request().equals(request.summary())) {
                throw new IllegalArgumentException("the receipt is for '" + receipt.request() + "' (" + receipt.requestKind()
                        + "), not for the given request '" + request.summary() + "' (" + request.kind() + ")");
            }
        }
    }

    /**
     * Appends several receipts in order, with one write forced to disk and one signed head for them all
     * (what a worker finishing a batch of requests needs). An item whose request ID already has an entry
     * (in the ledger, or earlier in {@code items}) appends nothing and answers with that entry. When one
     * item is refused, nothing is appended.
     *
     * @return the entry of each item, in the order of {@code items}
     * @throws ConflictException when an item starts from a model state the ledger already saw the model leave
     * @throws LedgerException   on I/O failure, or when the ledger is not intact (verify it)
     */
    public synchronized List<LedgerEntry> appendAll(List<Item> items) {
        return locked(() -> appendLocked(items));
    }

    /**
     * Runs a write under the storage's lock. A write that fails may have left the index ahead of what was
     * stored (a rolled-back transaction), so the index is rebuilt by the next one; a refused receipt
     * ({@link ConflictException}, before anything is written) leaves it as it is.
     */
    private <T> T locked(LedgerStorage.Locked<T> work) {
        try {
            return files.locked(work);
        } catch (ConflictException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            index.invalidate();
            throw e;
        }
    }

    private List<LedgerEntry> appendLocked(List<Item> items) throws IOException {
        index.refresh(files);
        currentKeys();
        Map<String, Integer> fresh = new HashMap<>();
        List<Object> slots = new ArrayList<>(); // an entry already recorded, or the index of a new one
        List<Item> added = new ArrayList<>();
        Set<String> batch = new HashSet<>();
        DigestChains.Staged chains = index.chains().stage();
        List<List<DigestChains.Transition>> transitions = new ArrayList<>();
        for (Item item : items) {
            String id = item.requestId();
            if (id != null) {
                batch.add(id);
                Long offset = index.offsetOf(id);
                if (offset != null) {
                    slots.add(EntryCodec.parse(files.lineAt(offset), 0)); // found by the index, not by a scan
                    continue;
                }
                if (fresh.containsKey(id)) {
                    slots.add(fresh.get(id));
                    continue;
                }
                fresh.put(id, added.size());
            }
            ForgetReceipt r = item.receipt();
            List<DigestChains.Transition> moves = DigestChains.of(r.family(), r.digestBefore(), r.digestAfter(), r.details());
            chains.add(moves);
            transitions.add(moves);
            slots.add(added.size());
            added.add(item);
        }
        List<Body> bodies = new ArrayList<>(added.size());
        long seq = index.entries();
        String previous = index.lastHash();
        Instant now = Instant.now(); // the entries of one append are recorded together
        ReceiptDrafts drafts = new ReceiptDrafts();
        for (int i = 0; i < added.size(); i++) {
            Item item = added.get(i);
            String subject = item.request() instanceof ForgetRequest.Subject s ? subjects.hash(s.subjectId()) : null;
            Body body = Body.of(drafts.draft(item.receipt(), subject, item.requestId(), ++seq, previous, now), transitions.get(i));
            previous = body.hash();
            bodies.add(body);
        }
        LedgerEntry[] entries = write(bodies, keys);
        if (entries.length == 0 && !batch.isEmpty()) {
            completeHead(batch);
        }
        List<LedgerEntry> out = new ArrayList<>();
        for (Object slot : slots) {
            out.add(slot instanceof Integer i ? entries[i] : (LedgerEntry) slot);
        }
        return out;
    }

    /**
     * Appends bodies that continue the indexed chain, with one forced write: every entry is hashed and
     * chained, and one signature, on the last entry, seals the batch ({@link BatchSeal}: its numbers and
     * the Merkle tree hash of its entry hashes); then signs the head with {@code headKeys}. Two
     * signatures an append, however many entries it holds.
     */
    private LedgerEntry[] write(List<Body> bodies, Ed25519Keys headKeys) throws IOException {
        if (bodies.isEmpty()) {
            return new LedgerEntry[0];
        }
        checkSigningKey();
        // entries an interrupted append left without their signed end belong to this batch: the verifier counts
        // a batch from the entry after the last signed one
        List<String> hashes = new ArrayList<>(index.unsealed());
        long first = bodies.get(0).seq() - hashes.size();
        for (Body b : bodies) {
            hashes.add(b.hash());
        }
        String seal = base64(keys.sign(BatchSeal.of(first, hashes).message()));
        List<LedgerStorage.Written> written = new ArrayList<>(bodies.size());
        LedgerEntry[] entries = new LedgerEntry[bodies.size()];
        for (int i = 0; i < entries.length; i++) {
            Body b = bodies.get(i);
            String signature = i == entries.length - 1 ? seal : "";
            written.add(new LedgerStorage.Written(b.seq(), b.requestId(), b.text(), b.hash(), signature));
            entries[i] = b.entry().apply(signature);
        }
        long[] positions = files.append(written);
        for (int i = 0; i < entries.length; i++) {
            index.add(entries[i], positions[i], bodies.get(i).transitions());
        }
        index.indexedTo(positions[entries.length]);
        files.writeHead(index.entries(), index.lastHash(),
                base64(headKeys.sign(LedgerStorage.Head.message(index.entries(), index.lastHash()).getBytes(StandardCharsets.UTF_8))));
        return entries;
    }

    /**
     * When every request of a redelivered batch was already recorded but the signed head stops short of
     * the ledger's end, and the entries past the head are exactly entries of this batch (the append that
     * wrote them stopped, by a crash, before it re-signed the head), signs the head for them now, as that
     * append would have, provided the whole chain verifies. Any other mismatch is left for
     * {@link #verify()} to report. Reads the ledger only in that case.
     */
    private void completeHead(Set<String> batch) throws IOException {
        Optional<LedgerStorage.Head> head = files.readHead();
        long headEntries = head.map(LedgerStorage.Head::entries).orElse(0L);
        String headHash = head.map(LedgerStorage.Head::hash).orElse(GENESIS);
        long count = index.entries();
        if (headEntries < 0 || headEntries >= count) {
            return;
        }
        List<String> lines = files.lines();
        String atHead = headEntries == 0 ? GENESIS : EntryCodec.parse(lines.get((int) headEntries - 1), headEntries).hash();
        if (!atHead.equals(headHash)) {
            return;
        }
        for (int i = (int) headEntries; i < lines.size(); i++) {
            if (!batch.contains(EntryCodec.parse(lines.get(i), i + 1).requestId())) {
                return;
            }
        }
        if (new LedgerVerifier(files, keys).chainIsIntact()) {
            files.writeHead(count, index.lastHash(), sign(LedgerStorage.Head.message(count, index.lastHash())));
        }
    }

    /**
     * Records that {@code revealedBy} (an API key's public ID) was shown the subject ID of request
     * {@code requestId} in clear, as the dashboard does for a data-protection officer: accountability
     * for access to personal data (GDPR Art. 5(2), Art. 30). The entry holds the subject's keyed hash,
     * never the ID, is signed and chained like a receipt, and is not a receipt: it does not count as
     * the request's entry ({@link #find(String)}, {@link #verify(LedgerExpectation)}).
     *
     * @throws IllegalArgumentException when an argument is blank
     * @throws LedgerException          on I/O failure, or when the ledger is not intact (verify it)
     */
    public synchronized LedgerEntry appendReveal(String requestId, String subjectId, String revealedBy) {
        for (String s : new String[] {requestId, subjectId, revealedBy}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("a reveal needs a request ID, a subject ID and who revealed it");
            }
        }
        String subject = subjects.hash(subjectId);
        return appendOne((seq, previous) -> EntryCodec.revealBody(subject, requestId, revealedBy, seq, previous));
    }

    /** Whether an entry records a subject reveal ({@link #appendReveal}) rather than a receipt. */
    public static boolean isReveal(LedgerEntry entry) {
        return EntryCodec.isReveal(entry);
    }

    /** The request whose subject a reveal entry records, or {@code null} for any other entry. */
    public static String revealedRequest(LedgerEntry entry) {
        return isReveal(entry) ? entry.details().get(EntryCodec.REVEALED_REQUEST) : null;
    }

    /**
     * Replaces the home's signing key ({@code lethe ledger rotate-key}): appends an entry, signed with the
     * old key, that names the new public key, then moves the new key pair into place; from the next entry
     * on, the new key signs, and {@link #verify()} follows the rotation. The subject secret is not
     * rotated (see {@link SubjectHasher}). A rotation that stops before its entry is durable leaves the
     * old key in force; one that stops after it is finished when the ledger is next opened.
     *
     * @return the rotation entry
     */
    public synchronized LedgerEntry rotateKey() {
        return locked(() -> {
            index.refresh(files);
            currentKeys();
            Ed25519Keys next = new Ed25519Keys(home.prepareNextSigningKeys());
            ObjectNode body = EntryCodec.rotationBody(keys.publicKeyBase64(), next.publicKeyBase64(), index.entries() + 1,
                    index.lastHash());
            LedgerEntry entry = write(List.of(Body.of(body)), next)[0];
            home.promoteNextSigningKeys();
            keys = next;
            return entry;
        });
    }

    /**
     * Appends an entry that records an event other than a forget (for example a privacy-budget spend):
     * signed and chained like every entry, with no records and no model digests.
     *
     * @param family  who records it (a module's name, never {@code ledger})
     * @param kind    what happened, such as {@code dp-spend}
     * @param details no personal data: the caller's responsibility, as for receipts
     */
    public synchronized LedgerEntry appendEvent(String family, String kind, String summary, Map<String, String> details) {
        if (EntryCodec.ROTATION_FAMILY.equals(family)) {
            throw new IllegalArgumentException("family '" + family + "' is the ledger's own");
        }
        Map<String, String> copy = new java.util.LinkedHashMap<>(details);
        return appendOne((seq, previous) -> EntryCodec.eventBody(family, kind, summary, copy, seq, previous));
    }

    /** Appends one entry that is not a receipt, its body made for the next sequence number and hash, signed with the current key. */
    private LedgerEntry appendOne(java.util.function.BiFunction<Long, String, ObjectNode> body) {
        return locked(() -> {
            index.refresh(files);
            currentKeys();
            return write(List.of(Body.of(body.apply(index.entries() + 1, index.lastHash()))), keys)[0];
        });
    }

    /** Finishes or abandons a rotation that stopped between writing its new keys and moving them into place. */
    private void finishRotation() {
        if (home.nextSigningKeys().isEmpty()) {
            return;
        }
        locked(() -> {
            Optional<java.security.KeyPair> next = home.nextSigningKeys();
            if (next.isPresent()) {
                index.refresh(files);
                Ed25519Keys nextKeys = new Ed25519Keys(next.get());
                if (nextKeys.publicKeyBase64().equals(index.rotatedTo())) {
                    home.promoteNextSigningKeys();
                    keys = nextKeys;
                } else {
                    home.discardNextSigningKeys();
                }
            }
            return null;
        });
    }

    /** Reloads the key pair when another process rotated it since this ledger was opened. */
    private void currentKeys() {
        String rotated = index.rotatedTo();
        if (rotated != null && !rotated.equals(keys.publicKeyBase64())) {
            keys = new Ed25519Keys(home.signingKeys());
            if (!rotated.equals(keys.publicKeyBase64())) {
                throw new LedgerException("the home's signing key " + home.resolve(HomeSecrets.PUBLIC_KEY) + " is not the key the "
                        + "ledger's last rotation names (" + Ed25519Keys.fingerprint(rotated) + "); run 'lethe ledger verify'");
            }
        }
    }

    /** The entry recorded for a request ID, if any (the first one: {@link #append(ForgetReceipt, ForgetRequest, String)} writes at most one). */
    public synchronized Optional<LedgerEntry> find(String requestId) {
        if (files.readsWithoutLock()) {
            return files.lineOfRequest(requestId).map(line -> EntryCodec.parse(line, 0));
        }
        return locked(() -> {
            index.refresh(files);
            Long offset = index.offsetOf(requestId);
            return offset == null ? Optional.empty() : Optional.of(EntryCodec.parse(files.lineAt(offset), 0));
        });
    }

    /**
     * The proof that the receipt recorded for a request ID is in the signed ledger ({@link InclusionProof}:
     * the entry, its Merkle audit path and its batch's signature), or empty when the ID has no entry.
     * Reads the ledger, as {@link #entries()} does.
     *
     * @throws LedgerException when the entry's batch has no signed end (the ledger is not intact: verify it)
     */
    public Optional<InclusionProof> proof(String requestId) {
        return find(requestId).map(e -> proofAt(e.seq()));
    }

    /**
     * The proof that the entry numbered {@code seq} is in the signed ledger.
     *
     * @throws LedgerException when there is no such entry, or its batch has no signed end
     */
    public InclusionProof proofAt(long seq) {
        return InclusionProof.build(files.lines(), seq, homeKey());
    }

    /** The home's public key (base64 X.509), which signs the ledger's latest batches. */
    public String publicKey() {
        return base64(home.publicKey());
    }

    private Ed25519Keys homeKey() {
        return Ed25519Keys.verifier(publicKey());
    }

    /** Every entry, in order, as recorded (not verified: call {@link #verify()} for that). */
    public List<LedgerEntry> entries() {
        List<String> lines = files.lines();
        List<LedgerEntry> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            out.add(EntryCodec.parse(lines.get(i), i + 1));
        }
        return out;
    }

    /** Checks every entry's hash, sequence number and chain link, each append's signature, the key rotations and the signed head. */
    public LedgerVerification verify() {
        return verify(LedgerExpectation.none());
    }

    /**
     * Checks the ledger as {@link #verify()} does, and against what the registry recorded: at least
     * {@code expected.entries()} entries, the recorded hash at that place, and an entry for every
     * completed request.
     */
    public LedgerVerification verify(LedgerExpectation expected) {
        return new LedgerVerifier(files, homeKey()).verify(expected);
    }

    /**
     * The number of entries and the last hash: as the registry's signed head row records them (read without
     * waiting for an append; the hash is "" when the rows no longer end there), or, for a file, as this
     * ledger's index knows them after reading what was appended.
     */
    public synchronized LedgerHead head() {
        if (files.readsWithoutLock()) {
            try {
                LedgerStorage.Tip tip = files.tip();
                return new LedgerHead(tip.position(), tip.hash());
            } catch (IOException e) {
                throw new LedgerException("cannot read the ledger's head " + files.headName() + ": " + e.getMessage(), e);
            }
        }
        return locked(() -> {
            index.refresh(files);
            return new LedgerHead(index.entries(), index.lastHash());
        });
    }

    /**
     * An entry to write: its number, request ID, canonical text and hash, how to make its {@link LedgerEntry}
     * once its signature is known, and the model transitions it records ({@code null}: read from the entry).
     */
    private record Body(long seq, String requestId, String text, String hash, Function<String, LedgerEntry> entry,
                        List<DigestChains.Transition> transitions) {
        /** An entry that is not a receipt (rotation, reveal, event), parsed back once signed. */
        static Body of(ObjectNode node) {
            String text = EntryCodec.text(node);
            String hash = EntryCodec.hash(text);
            return new Body(node.path("seq").asLong(), EntryCodec.requestIdOf(node), text, hash, signature -> {
                node.put("hash", hash);
                node.put("signature", signature);
                return EntryCodec.entry(node);
            }, null);
        }

        static Body of(EntryCodec.Draft draft, List<DigestChains.Transition> transitions) {
            return new Body(draft.seq(), draft.requestId(), draft.text(), draft.hash(), draft::entry, transitions);
        }
    }

    private String sign(String message) {
        return base64(keys.sign(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
