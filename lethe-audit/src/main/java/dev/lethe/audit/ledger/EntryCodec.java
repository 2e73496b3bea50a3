package dev.lethe.audit.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.Digests;
import dev.lethe.model.ForgetReceipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON of a ledger entry: the fields in a fixed order, without {@code hash} and
 * {@code signature}; the entry's hash is SHA-256 over exactly these UTF-8 bytes, and the line on disk
 * is that JSON with {@code hash} and {@code signature} appended. The order and names are those every
 * ledger since the first was written with, so old ledgers keep verifying.
 *
 * <p>A key rotation is written in the same shape (family {@value #ROTATION_FAMILY}, request kind
 * {@value #ROTATION_KIND}, the old and new public keys in the details), so every reader parses every line.
 */
final class EntryCodec {

    static final String GENESIS = "0".repeat(64);
    static final String ROTATION_FAMILY = "ledger";
    static final String ROTATION_KIND = "key-rotation";
    static final String OLD_KEY = "oldPublicKey";
    static final String NEW_KEY = "newPublicKey";
    static final String REVEAL_FAMILY = "dashboard";
    static final String REVEAL_KIND = "subject-reveal";
    /** The detail naming the request whose subject was revealed (not {@code requestId}: that field marks receipts). */
    static final String REVEALED_REQUEST = "ofRequest";
    static final String REVEALED_BY = "revealedBy";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryCodec() {
    }

    /**
     * A receipt's entry before it is signed: its canonical JSON, written field by field in the order of
     * every ledger since the first (the same bytes as the tree a verifier parses back and re-serialises,
     * {@link #canonical}), and its hash ({@link ReceiptDrafts} writes it); {@link #entry} makes the {@link LedgerEntry} from the same values,
     * so an append of thousands of receipts neither builds a JSON tree per entry nor parses its own JSON.
     */
    record Draft(String text, String hash, ForgetReceipt receipt, String subject, String requestId, long seq, String previous,
                 Instant recordedAt) {

        /** The entry as {@link #entry(ObjectNode)} reads it once the line carries this signature. */
        LedgerEntry entry(String signature) {
            ForgetReceipt r = receipt;
            return new LedgerEntry(seq, previous, recordedAt, r.family(), r.requestKind(), requestText(r, subject), subject,
                    r.records(), r.guarantee().toString(), r.elapsed().toNanos(), r.digestBefore(), r.digestAfter(), r.at(),
                    r.details(), hash, signature, requestId);
        }
    }

    /**
     * Formats instants as {@link Instant#toString()} does, remembering the last one: the entries of one
     * append share their {@code recordedAt}, and a batch's receipts mostly share their {@code receiptAt}.
     */
    static final class Instants {
        private Instant last;
        private String text;

        String format(Instant at) {
            if (!at.equals(last)) {
                last = at;
                text = at.toString();
            }
            return text;
        }
    }

    /**
     * Sorts detail keys as a {@link TreeMap} would, remembering the last key set: the receipts of one
     * batch have the same details, so their keys are sorted once.
     */
    static final class DetailOrder {
        private String[] sorted = new String[0];

        String[] of(Map<String, String> details) {
            if (sorted.length != details.size() || !containsAll(details)) {
                sorted = details.keySet().toArray(new String[0]);
                java.util.Arrays.sort(sorted);
            }
            return sorted;
        }

        private boolean containsAll(Map<String, String> details) {
            for (String k : sorted) {
                if (!details.containsKey(k)) {
                    return false;
                }
            }
            return true;
        }
    }

    static String requestText(ForgetReceipt receipt, String subject) {
        return subject == null ? receipt.request() : "subject " + subject;
    }

    /** The canonical body of a key rotation: signed with the old key, it names the key that signs from the next entry on. */
    static ObjectNode rotationBody(String oldKey, String newKey, long seq, String previous) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(NEW_KEY, newKey);
        details.put(OLD_KEY, oldKey);
        return eventBody(ROTATION_FAMILY, ROTATION_KIND, "rotate the ledger signing key to " + Ed25519Keys.fingerprint(newKey),
                details, seq, previous);
    }

    /**
     * The canonical body of an entry that is not a forget receipt (a key rotation, a privacy-budget
     * spend): the receipt's shape with no records, no guarantee and no model digests, so every reader
     * parses it and no digest chain follows it. Details are written in the given order.
     */
    static ObjectNode eventBody(String family, String kind, String summary, Map<String, String> details, long seq, String previous) {
        Instant now = Instant.now();
        ObjectNode body = JSON.createObjectNode();
        body.put("seq", seq);
        body.put("previousHash", previous);
        body.put("recordedAt", now.toString());
        body.put("family", family);
        body.put("requestKind", kind);
        body.put("request", summary);
        body.putNull("subject");
        body.putArray("records");
        body.put("guarantee", "none");
        body.put("elapsedNanos", 0L);
        body.putNull("digestBefore");
        body.putNull("digestAfter");
        body.put("receiptAt", now.toString());
        ObjectNode node = body.putObject("details");
        details.forEach(node::put);
        return body;
    }

    /**
     * The canonical body of a subject reveal: an officer saw a subject ID in clear. It names the subject
     * by its keyed hash and the request in its details, never in the top-level {@code requestId}, which
     * marks a request's receipt (the idempotent append and the verifier's completeness check read it).
     */
    static ObjectNode revealBody(String subject, String requestId, String revealedBy, long seq, String previous) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(REVEALED_REQUEST, requestId);
        details.put(REVEALED_BY, revealedBy);
        ObjectNode body = eventBody(REVEAL_FAMILY, REVEAL_KIND, "reveal the subject of request " + requestId, details, seq,
                previous);
        body.put("subject", subject); // replaces the null in place: the field order, and so the canonical text, stay
        return body;
    }

    /** Whether a parsed entry records a subject reveal rather than a receipt. */
    static boolean isReveal(LedgerEntry e) {
        return REVEAL_FAMILY.equals(e.family()) && REVEAL_KIND.equals(e.requestKind());
    }

    /** The canonical JSON text of a body (what is hashed). */
    static String text(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 (hex) of an entry's canonical JSON. */
    static String hash(String canonicalJson) {
        return Digests.hex(Digests.sha256().digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** The line on disk: the canonical JSON with hash and signature appended, as {@code body.put(...)} would serialise it. */
    static String line(String canonicalJson, String hash, String signature) {
        return canonicalJson.substring(0, canonicalJson.length() - 1) + lineEnd(hash, signature);
    }

    /** What follows the canonical JSON without its closing brace on a line: hash, signature and the brace. */
    static String lineEnd(String hash, String signature) {
        return ",\"hash\":" + quoted(hash) + ",\"signature\":" + quoted(signature) + "}";
    }

    /** A parsed line, or an exception naming the line when it is not a JSON object. */
    static ObjectNode node(String line, long number) {
        try {
            JsonNode parsed = JSON.readTree(line);
            if (parsed instanceof ObjectNode o) {
                return o;
            }
            throw new LedgerException("ledger entry " + number + " is not a JSON object");
        } catch (JsonProcessingException e) {
            throw new LedgerException("ledger entry " + number + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Reads a JSON object, or throws the parser's exception (the verifier words it). */
    static JsonNode tree(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }

    /** The canonical JSON of a parsed line: the line without hash and signature. */
    static String canonical(ObjectNode node) {
        ObjectNode body = node.deepCopy();
        body.remove("hash");
        body.remove("signature");
        return text(body);
    }

    static LedgerEntry parse(String line, long number) {
        try {
            return entry(node(line, number));
        } catch (RuntimeException e) {
            if (e instanceof LedgerException) {
                throw e;
            }
            throw new LedgerException("ledger entry " + number + " is unreadable: " + e.getMessage(), e);
        }
    }

    static LedgerEntry entry(ObjectNode n) {
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

    /** Whether a parsed entry is a key rotation rather than a receipt. */
    static boolean isRotation(LedgerEntry e) {
        return ROTATION_FAMILY.equals(e.family()) && ROTATION_KIND.equals(e.requestKind());
    }

    /**
     * The request ID of a line read from its top-level {@code requestId} field (written last before hash and
     * signature) without parsing the whole line, or {@code null}; a cheap filter before a full parse.
     */
    static String requestIdOf(String line) {
        String key = "\"requestId\":";
        int at = line.lastIndexOf(key);
        if (at < 0) {
            return null;
        }
        try {
            return JSON.readValue(line.substring(at + key.length()), String.class);
        } catch (IOException e) {
            return null; // not a string here: a full parse would not find a request ID either
        }
    }

    /** The top-level request ID of a body, or {@code null} (entries that are not a workflow request's receipt). */
    static String requestIdOf(ObjectNode body) {
        return text(body, "requestId");
    }

    static String quoted(String text) {
        if (isBase64(text)) {
            return "\"" + text + "\""; // hashes and signatures: nothing to escape
        }
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBase64(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=')) {
                return false;
            }
        }
        return true;
    }

    private static String text(ObjectNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
