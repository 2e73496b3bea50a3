package dev.lethe.audit.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.Digests;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The append-only, hash-chained, signed log of forget receipts ({@code ledger.jsonl} in the Lethe home).
 *
 * <p>Each line is one JSON entry. Its hash is SHA-256 over its canonical JSON (fixed field order,
 * without {@code hash} and {@code signature}), which includes the previous entry's hash; the hash is
 * signed with the home's Ed25519 key. A signed head ({@code ledger.head}) records the number of entries
 * and the last hash, so dropping entries from the end is detected too. {@link #verify()} finds a
 * modified, deleted, inserted or reordered entry or a bad signature and names the first bad entry.
 *
 * <p>Subject IDs never reach the file: a subject request is recorded by the keyed hash of its ID
 * ({@link SubjectHasher}), which is why {@link #append} takes the request beside its receipt.
 *
 * <p>A receipt delivered at least once (the forget workflow hands a receipt over again after a crash)
 * is appended under its request ID with {@link #append(ForgetReceipt, ForgetRequest, String)}, which
 * appends nothing when an entry for that ID is already there; {@link #appendAll} does the same for a
 * batch, with one forced write. Entries without a request ID are written exactly as before, so older
 * ledgers keep verifying.
 */
public final class Ledger {

    public static final String FILE = "ledger.jsonl";
    public static final String HEAD = "ledger.head";
    static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One monitor per ledger file in this JVM: a {@link FileLock} only excludes other processes. */
    private static final Map<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private final HomeSecrets home;
    private final Path file;
    private final Path head;
    private final Ed25519Keys keys;
    private final SubjectHasher subjects;

    private Ledger(HomeSecrets home) {
        this.home = home;
        this.file = home.resolve(FILE);
        this.head = home.resolve(HEAD);
        this.keys = new Ed25519Keys(home.signingKeys());
        this.subjects = new SubjectHasher(home.subjectSecret());
    }

    /** Opens the ledger in a Lethe home, creating the home, its keys and secret on first use. */
    public static Ledger open(Path homeDir) {
        return new Ledger(HomeSecrets.at(homeDir));
    }

    public Path file() {
        return file;
    }

    public SubjectHasher subjects() {
        return subjects;
    }

    /**
     * Appends a receipt.
     *
     * @param request the request the receipt answers (its subject ID is stored only as a keyed hash)
     * @throws IllegalArgumentException when the receipt is not for this request
     * @throws LedgerException on I/O failure, or when the ledger is not intact (verify it)
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
     * @throws LedgerException on I/O failure, or when the ledger is not intact (verify it)
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
            java.util.Objects.requireNonNull(receipt, "receipt");
            java.util.Objects.requireNonNull(request, "request");
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
     * (in the ledger, or earlier in {@code items}) appends nothing and answers with that entry.
     *
     * @return the entry of each item, in the order of {@code items}
     * @throws LedgerException on I/O failure, or when the ledger is not intact (verify it)
     */
    public List<LedgerEntry> appendAll(List<Item> items) {
        synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
            try (FileChannel lockChannel = FileChannel.open(home.resolve("ledger.lock"), java.util.Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE), PrivateFiles.fileAttributes()); FileLock lock = lockChannel.lock()) {
                return appendLocked(items);
            } catch (IOException e) {
                throw new LedgerException("cannot append to the ledger " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private List<LedgerEntry> appendLocked(List<Item> items) throws IOException {
        List<String> lines = lines();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        items.stream().map(Item::requestId).filter(java.util.Objects::nonNull).forEach(wanted::add);
        Map<String, LedgerEntry> byRequest = wanted.isEmpty() ? new java.util.HashMap<>() : entriesByRequest(lines, wanted);
        long seq = lines.size();
        String previous = GENESIS;
        if (!lines.isEmpty()) {
            previous = JSON.readTree(lines.get(lines.size() - 1)).path("hash").asText(null);
            if (previous == null) {
                throw new LedgerException("the last ledger entry has no hash; run 'lethe ledger verify'");
            }
        }
        // the chain is sequential, the signatures are not: hash every new entry first, then sign them in parallel
        List<ObjectNode> bodies = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        Map<String, Integer> fresh = new java.util.HashMap<>();
        List<Object> slots = new ArrayList<>(); // an entry already recorded, or the index of a new one
        for (Item item : items) {
            LedgerEntry already = item.requestId() == null ? null : byRequest.get(item.requestId());
            if (already != null) {
                slots.add(already);
                continue;
            }
            if (item.requestId() != null && fresh.containsKey(item.requestId())) {
                slots.add(fresh.get(item.requestId()));
                continue;
            }
            ObjectNode body = body(item, ++seq, previous);
            String json = JSON.writeValueAsString(body);
            String hash = hash(json);
            if (item.requestId() != null) {
                fresh.put(item.requestId(), bodies.size());
            }
            slots.add(bodies.size());
            bodies.add(body);
            texts.add(json);
            hashes.add(hash);
            previous = hash;
        }
        String[] signatures = hashes.parallelStream().map(this::sign).toArray(String[]::new);
        StringBuilder text = new StringBuilder();
        LedgerEntry[] entries = new LedgerEntry[bodies.size()];
        for (int i = 0; i < entries.length; i++) {
            String json = texts.get(i);
            // the line is the hashed JSON with hash and signature appended, as body.put(...) would serialise it
            text.append(json, 0, json.length() - 1).append(",\"hash\":").append(quoted(hashes.get(i)))
                    .append(",\"signature\":").append(quoted(signatures[i])).append("}\n");
            ObjectNode body = bodies.get(i);
            body.put("hash", hashes.get(i));
            body.put("signature", signatures[i]);
            entries[i] = entry(body);
        }
        List<LedgerEntry> out = new ArrayList<>();
        for (Object slot : slots) {
            out.add(slot instanceof Integer i ? entries[i] : (LedgerEntry) slot);
        }
        if (text.length() > 0) {
            appendDurably(text.toString().getBytes(StandardCharsets.UTF_8));
            writeHead(seq, previous);
        } else if (!wanted.isEmpty()) {
            completeHead(lines, wanted);
        }
        return out;
    }

    private ObjectNode body(Item item, long seq, String previous) {
        ForgetReceipt receipt = item.receipt();
        String subject = item.request() instanceof ForgetRequest.Subject s ? subjects.hash(s.subjectId()) : null;
        ObjectNode body = JSON.createObjectNode();
        body.put("seq", seq);
        body.put("previousHash", previous);
        body.put("recordedAt", Instant.now().toString());
        body.put("family", receipt.family());
        body.put("requestKind", receipt.requestKind());
        body.put("request", subject == null ? receipt.request() : "subject " + subject);
        if (subject == null) {
            body.putNull("subject");
        } else {
            body.put("subject", subject);
        }
        ArrayNode ids = body.putArray("records");
        for (long id : receipt.records()) {
            ids.add(id);
        }
        body.put("guarantee", receipt.guarantee().toString());
        body.put("elapsedNanos", receipt.elapsed().toNanos());
        body.put("digestBefore", receipt.digestBefore());
        body.put("digestAfter", receipt.digestAfter());
        body.put("receiptAt", receipt.at().toString());
        ObjectNode details = body.putObject("details");
        new TreeMap<>(receipt.details()).forEach(details::put);
        if (item.requestId() != null) {
            body.put("requestId", item.requestId());
        }
        return body;
    }

    /** The entry recorded for a request ID, if any (the first one: {@link #append(ForgetReceipt, ForgetRequest, String)} writes at most one). */
    public Optional<LedgerEntry> find(String requestId) {
        String needle = "\"requestId\":" + quoted(requestId);
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) { // cheap filter before parsing
                LedgerEntry e = parse(lines.get(i), i);
                if (requestId.equals(e.requestId())) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first entry of each of the {@code wanted} request IDs that the ledger holds. Reads the ID of a
     * line from its top-level {@code requestId} field (written after the details) and parses the whole
     * line only for a wanted ID, so a batch costs one pass over the file.
     */
    private static Map<String, LedgerEntry> entriesByRequest(List<String> lines, java.util.Set<String> wanted) {
        Map<String, LedgerEntry> out = new java.util.HashMap<>();
        String key = "\"requestId\":";
        for (int i = 0; i < lines.size() && out.size() < wanted.size(); i++) {
            String line = lines.get(i);
            int at = line.lastIndexOf(key);
            if (at < 0) {
                continue;
            }
            String candidate;
            try {
                candidate = JSON.readValue(line.substring(at + key.length()), String.class);
            } catch (IOException e) {
                continue; // not a string here: the full parse below would not find a request ID either
            }
            if (wanted.contains(candidate) && !out.containsKey(candidate)) {
                LedgerEntry e = parse(line, i);
                if (candidate.equals(e.requestId())) {
                    out.put(candidate, e);
                }
            }
        }
        return out;
    }

    private static LedgerEntry parse(String line, int index) {
        try {
            return entry((ObjectNode) JSON.readTree(line));
        } catch (IOException | RuntimeException e) {
            throw new LedgerException("ledger entry " + (index + 1) + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every entry, in order, as recorded (not verified: call {@link #verify()} for that). */
    public List<LedgerEntry> entries() {
        List<LedgerEntry> out = new ArrayList<>();
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            try {
                out.add(entry((ObjectNode) JSON.readTree(lines.get(i))));
            } catch (IOException | RuntimeException e) {
                throw new LedgerException("ledger entry " + (i + 1) + " is unreadable: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Checks every entry's hash, signature, sequence number and chain link, and the signed head. */
    public LedgerVerification verify() {
        List<String> lines = lines();
        LedgerVerification chain = verifyChain(lines);
        return chain != null ? chain : verifyHead(lines.size(), lastHash(lines));
    }

    private static String lastHash(List<String> lines) {
        return lines.isEmpty() ? GENESIS : parse(lines.get(lines.size() - 1), lines.size() - 1).hash();
    }

    /** Checks every entry's hash, signature, number and link; {@code null} when all are good, else the first bad one. */
    private LedgerVerification verifyChain(List<String> lines) {
        String previous = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            ObjectNode node;
            try {
                JsonNode parsed = JSON.readTree(lines.get(i));
                if (!(parsed instanceof ObjectNode o)) {
                    return LedgerVerification.bad(lines.size(), line, "not a JSON object");
                }
                node = o;
            } catch (JsonProcessingException e) {
                return LedgerVerification.bad(lines.size(), line, "not valid JSON (" + e.getOriginalMessage() + ")");
            }
            String stored = node.path("hash").asText("");
            String signature = node.path("signature").asText("");
            ObjectNode body = node.deepCopy();
            body.remove("hash");
            body.remove("signature");
            String actual = hash(body);
            if (!actual.equals(stored)) {
                return LedgerVerification.bad(lines.size(), line, "its content does not match its hash (the entry was modified)");
            }
            if (!verifySignature(stored, signature)) {
                return LedgerVerification.bad(lines.size(), line, "bad signature (not signed by this Lethe home's key)");
            }
            long seq = node.path("seq").asLong(-1);
            if (seq != line) {
                return LedgerVerification.bad(lines.size(), line, "expected entry number " + line + ", found " + seq + " ("
                        + (seq > line ? "an entry before it was deleted, or entries were reordered"
                        : "an entry was inserted or entries were reordered") + ")");
            }
            if (!node.path("previousHash").asText("").equals(previous)) {
                return LedgerVerification.bad(lines.size(), line, "does not chain to the entry before it "
                        + "(an entry was inserted, deleted or reordered)");
            }
            previous = stored;
        }
        return null;
    }

    private LedgerVerification verifyHead(int count, String lastHash) {
        if (!Files.exists(head)) {
            return count == 0 ? LedgerVerification.ok(0)
                    : LedgerVerification.bad(count, count + 1, "the signed head " + head.getFileName() + " is missing");
        }
        try {
            JsonNode h = JSON.readTree(Files.readString(head));
            long entries = h.path("entries").asLong(-1);
            String hash = h.path("hash").asText("");
            if (!verifySignature(headMessage(entries, hash), h.path("signature").asText(""))) {
                return LedgerVerification.bad(count, count + 1, "the ledger head has a bad signature");
            }
            if (entries != count || !hash.equals(lastHash)) {
                return LedgerVerification.bad(count, count + 1, entries > count
                        ? "the signed head records " + entries + " entries but only " + count + " remain (entries at the end were deleted)"
                        : "the signed head records " + entries + " entries ending in " + abbreviate(hash) + ", the ledger has "
                        + count + " ending in " + abbreviate(lastHash));
            }
            return LedgerVerification.ok(count);
        } catch (IOException e) {
            return LedgerVerification.bad(count, count + 1, "the ledger head is unreadable: " + e.getMessage());
        }
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    /**
     * Appends the bytes and forces them to disk once. (Opening the file with {@code SYNC} instead made
     * every 8 KiB chunk of the write its own synchronous disk write: hundreds per batch.)
     */
    private void appendDurably(byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), PrivateFiles.fileAttributes())) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    private void writeHead(long entries, String hash) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("entries", entries);
        h.put("hash", hash);
        h.put("signature", sign(headMessage(entries, hash)));
        Path tmp = home.resolve(HEAD + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PrivateFiles.fileAttributes());
        Files.writeString(tmp, JSON.writeValueAsString(h), StandardCharsets.UTF_8);
        Files.move(tmp, head, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * When every request of a redelivered batch was already recorded but the signed head stops short of
     * the ledger's end, and the entries past the head are exactly entries of this batch (the append that
     * wrote them stopped, by a crash, before it re-signed the head), signs the head for them now, as that
     * append would have, provided the whole chain verifies. Any other mismatch is left for
     * {@link #verify()} to report.
     */
    private void completeHead(List<String> lines, java.util.Set<String> batch) throws IOException {
        int count = lines.size();
        long headEntries = 0;
        String headHash = GENESIS;
        if (Files.exists(head)) {
            JsonNode h = JSON.readTree(Files.readString(head));
            headEntries = h.path("entries").asLong(-1);
            headHash = h.path("hash").asText("");
        }
        if (headEntries < 0 || headEntries >= count) {
            return;
        }
        String atHead = headEntries == 0 ? GENESIS : parse(lines.get((int) headEntries - 1), (int) headEntries - 1).hash();
        if (!atHead.equals(headHash)) {
            return;
        }
        for (int i = (int) headEntries; i < count; i++) {
            if (!batch.contains(parse(lines.get(i), i).requestId())) {
                return;
            }
        }
        if (verifyChain(lines) == null) {
            writeHead(count, lastHash(lines));
        }
    }

    private static String headMessage(long entries, String hash) {
        return "lethe-ledger-head:" + entries + ":" + hash;
    }

    private List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hash(ObjectNode body) {
        try {
            return hash(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of an entry's canonical JSON (fixed field order, without hash and signature). */
    private static String hash(String canonicalJson) {
        return Digests.hex(Digests.sha256().digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
    }

    private String sign(String message) {
        return Base64.getEncoder().encodeToString(keys.sign(message.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean verifySignature(String message, String base64) {
        try {
            return keys.verify(message.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LedgerEntry entry(ObjectNode n) {
        long[] records = new long[n.path("records").size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = n.path("records").get(i).asLong();
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("details").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            details.put(e.getKey(), e.getValue().asText());
        }
        return new LedgerEntry(n.path("seq").asLong(), n.path("previousHash").asText(),
                Instant.parse(n.path("recordedAt").asText()), n.path("family").asText(), n.path("requestKind").asText(),
                n.path("request").asText(), n.path("subject").isNull() ? null : n.path("subject").asText(), records,
                n.path("guarantee").asText(), n.path("elapsedNanos").asLong(), text(n, "digestBefore"), text(n, "digestAfter"),
                Instant.parse(n.path("receiptAt").asText()), details, n.path("hash").asText(), n.path("signature").asText(),
                text(n, "requestId"));
    }

    private static String text(ObjectNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
