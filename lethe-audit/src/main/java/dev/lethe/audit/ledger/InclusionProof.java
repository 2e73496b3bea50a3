package dev.lethe.audit.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Shows that one ledger entry (say, the receipt of a subject's erasure) is in the signed ledger, without
 * the other entries of its batch: the entry's canonical JSON, the Merkle audit path from its hash to
 * the root of its batch, the batch's first and last entry numbers, and the signature that seals the
 * batch ({@link BatchSeal}; RFC 9162 §2.1.3 verifies the path). Whoever holds the ledger's public key
 * checks it with {@link #verifies(String)}; {@code lethe ledger proof} writes one and
 * {@code lethe ledger check-proof} checks it.
 *
 * <p>An entry written before batches were sealed is a batch of one whose signature covers its hash
 * alone; its proof has an empty path.
 *
 * @param entry      the entry's canonical JSON (what its hash covers: no hash, no signature)
 * @param seq        the entry's number in the ledger
 * @param hash       SHA-256 (hex) of {@code entry}
 * @param batchFirst the number of the first entry of its batch
 * @param batchLast  the number of the last, which carries the signature
 * @param path       the audit path (hex hashes, from the entry's leaf up)
 * @param signature  the batch's Ed25519 signature (base64)
 * @param publicKey  the key that signed it (base64 X.509): the home's, or one its ledger rotated from
 */
public record InclusionProof(String entry, long seq, String hash, long batchFirst, long batchLast, List<String> path,
                             String signature, String publicKey) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public InclusionProof {
        path = List.copyOf(path);
    }

    /** The entry as recorded. */
    public LedgerEntry ledgerEntry() {
        return EntryCodec.parse(EntryCodec.line(entry, hash, ""), seq);
    }

    /**
     * Whether the proof holds with the public key {@code trustedKey} (base64 X.509, as in
     * {@code ledger-ed25519.pub} or a rotation entry): the entry hashes to {@link #hash}, carries number
     * {@link #seq}, and its path leads to a batch root signed with that key.
     */
    public boolean verifies(String trustedKey) {
        Ed25519Keys key;
        byte[] sig;
        try {
            key = Ed25519Keys.verifier(trustedKey);
            sig = Base64.getDecoder().decode(signature);
        } catch (LetheException | IllegalArgumentException e) {
            return false;
        }
        if (!EntryCodec.hash(entry).equals(hash) || seq < batchFirst || seq > batchLast || !numbered()) {
            return false;
        }
        String root = MerkleTree.rootFromPath(hash, seq - batchFirst, batchLast - batchFirst + 1, path);
        if (root == null) {
            return false;
        }
        return key.verify(new BatchSeal(batchFirst, batchLast, root).message(), sig)
                || batchFirst == batchLast && BatchSeal.signsEntryAlone(key, hash, sig);
    }

    private boolean numbered() {
        try {
            return JSON.readTree(entry).path("seq").asLong(-1) == seq;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The proof as a JSON object (what {@link #parse} reads). */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", seq);
        n.put("hash", hash);
        n.put("batch_first", batchFirst);
        n.put("batch_last", batchLast);
        ArrayNode p = n.putArray("path");
        path.forEach(p::add);
        n.put("signature", signature);
        n.put("public_key", publicKey);
        n.put("entry", entry);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a proof written by {@link #toJson}.
     *
     * @throws InvalidInputException when the text is not such a proof (naming the field)
     */
    public static InclusionProof parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the proof is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(n instanceof ObjectNode)) {
            throw new InvalidInputException("the proof is not a JSON object");
        }
        List<String> path = new ArrayList<>();
        for (JsonNode p : n.path("path")) {
            path.add(p.asText());
        }
        return new InclusionProof(text(n, "entry"), number(n, "seq"), text(n, "hash"), number(n, "batch_first"),
                number(n, "batch_last"), path, text(n, "signature"), text(n, "public_key"));
    }

    private static String text(JsonNode n, String field) {
        if (!n.path(field).isTextual()) {
            throw new InvalidInputException("the proof has no text field '" + field + "'");
        }
        return n.path(field).asText();
    }

    private static long number(JsonNode n, String field) {
        if (!n.path(field).canConvertToLong()) {
            throw new InvalidInputException("the proof has no number field '" + field + "'");
        }
        return n.path(field).asLong();
    }

    /**
     * The proof for the entry numbered {@code seq} among a ledger's lines.
     *
     * @param homeKey the home's key: the one that signs when the ledger never rotated
     * @throws LedgerException when there is no such entry, or its batch has no signed end yet
     */
    static InclusionProof build(List<String> lines, long seq, Ed25519Keys homeKey) {
        if (seq < 1 || seq > lines.size()) {
            throw new LedgerException("the ledger has no entry " + seq + " (it holds " + lines.size() + ")");
        }
        // only the entry's batch and the key rotations before it are parsed, not the whole ledger
        java.util.function.IntFunction<ObjectNode> node = i -> EntryCodec.node(lines.get(i), i + 1);
        int at = (int) seq - 1;
        int first = at;
        while (first > 0 && signatureOf(node.apply(first - 1)).isEmpty()) {
            first--;
        }
        int last = at;
        while (last < lines.size() && signatureOf(node.apply(last)).isEmpty()) {
            last++;
        }
        if (last == lines.size()) {
            throw new LedgerException("entry " + seq + " is in a batch that no signed entry ends (run 'lethe ledger verify')");
        }
        String rotationFamily = '"' + EntryCodec.ROTATION_FAMILY + '"';
        List<ObjectNode> rotations = new ArrayList<>();
        List<Integer> rotatedAt = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(rotationFamily)) {
                ObjectNode n = node.apply(i);
                if (LedgerVerifier.rotation(n)) {
                    rotations.add(n);
                    rotatedAt.add(i);
                }
            }
        }
        Ed25519Keys key = LedgerVerifier.initialKey(rotations, homeKey);
        for (int r = 0; r < rotations.size() && rotatedAt.get(r) < first; r++) {
            key = Ed25519Keys.verifier(rotations.get(r).path("details").path(EntryCodec.NEW_KEY).asText(""));
        }
        List<String> hashes = new ArrayList<>(last - first + 1);
        List<ObjectNode> batch = new ArrayList<>(last - first + 1);
        for (int i = first; i <= last; i++) {
            batch.add(node.apply(i));
            hashes.add(batch.get(i - first).path("hash").asText(""));
        }
        ObjectNode target = batch.get(at - first);
        return new InclusionProof(EntryCodec.canonical(target), seq, target.path("hash").asText(""), first + 1L, last + 1L,
                MerkleTree.path(hashes, at - first), signatureOf(batch.get(last - first)), key.publicKeyBase64());
    }

    private static String signatureOf(ObjectNode node) {
        return node.path("signature").asText("");
    }
}
