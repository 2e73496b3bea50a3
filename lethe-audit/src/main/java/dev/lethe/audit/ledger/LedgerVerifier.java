package dev.lethe.audit.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.LetheException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a ledger end to end and names the first bad entry: each entry's hash over its canonical JSON,
 * its Ed25519 signature, its number and its link to the entry before; key rotations (an entry signed
 * with the old key naming the new one, from which the new key signs); that the last key is the home's
 * public key; the signed head; and what the registry recorded ({@link LedgerExpectation}): the ledger
 * is at least as long as recorded, holds the recorded entry at that place, and has an entry for every
 * completed request. A missing ledger file is invalid: a home's ledger is created with its keys. The
 * same checks hold wherever the ledger is stored ({@link LedgerStorage}): a row of the registry's table
 * is checked as the line it stores.
 */
final class LedgerVerifier {

    private final LedgerStorage file;
    private final Ed25519Keys homeKey;

    LedgerVerifier(LedgerStorage file, Ed25519Keys homeKey) {
        this.file = file;
        this.homeKey = homeKey;
    }

    /** Whether every entry's hash, signature, number and link check out (the head and the registry aside). */
    boolean chainIsIntact() {
        List<ObjectNode> nodes = new ArrayList<>();
        for (String line : file.lines()) {
            try {
                if (!(EntryCodec.tree(line) instanceof ObjectNode o)) {
                    return false;
                }
                nodes.add(o);
            } catch (JsonProcessingException e) {
                return false;
            }
        }
        return chain(nodes, new Ed25519Keys[1]) == null;
    }

    LedgerVerification verify(LedgerExpectation expected) {
        if (!file.exists()) {
            return LedgerVerification.bad(0, 1, "the ledger " + file.name() + " is missing (a home's ledger "
                    + "is created with its keys, so it was deleted or moved)"
                    + (expected.entries() > 0 ? "; the registry records " + expected.entries() + " entries" : ""));
        }
        List<String> lines = file.lines();
        List<ObjectNode> nodes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                JsonNode parsed = EntryCodec.tree(lines.get(i));
                if (!(parsed instanceof ObjectNode o)) {
                    return LedgerVerification.bad(lines.size(), i + 1, "not a JSON object");
                }
                nodes.add(o);
            } catch (JsonProcessingException e) {
                return LedgerVerification.bad(lines.size(), i + 1, "not valid JSON (" + e.getOriginalMessage() + ")");
            }
        }
        Ed25519Keys[] last = new Ed25519Keys[1];
        LedgerVerification chain = chain(nodes, last);
        if (chain != null) {
            return chain;
        }
        int count = nodes.size();
        if (!last[0].publicKeyBase64().equals(homeKey.publicKeyBase64())) {
            return LedgerVerification.bad(count, count + 1, "the home's public key " + HomeSecrets.PUBLIC_KEY + " ("
                    + Ed25519Keys.fingerprint(homeKey.publicKeyBase64()) + ") is not the key the ledger's entries end with ("
                    + Ed25519Keys.fingerprint(last[0].publicKeyBase64()) + ")");
        }
        String lastHash = count == 0 ? EntryCodec.GENESIS : nodes.get(count - 1).path("hash").asText("");
        LedgerVerification head = head(count, lastHash, last[0]);
        if (head != null) {
            return head;
        }
        return registry(nodes, expected);
    }

    /** The initial key: the one the first rotation replaced, else the home's key. */
    private Ed25519Keys initialKey(List<ObjectNode> nodes) {
        for (ObjectNode n : nodes) {
            if (rotation(n)) {
                return Ed25519Keys.verifier(n.path("details").path(EntryCodec.OLD_KEY).asText(""));
            }
        }
        return homeKey;
    }

    private static boolean rotation(ObjectNode n) {
        return EntryCodec.ROTATION_FAMILY.equals(n.path("family").asText()) && EntryCodec.ROTATION_KIND.equals(n.path("requestKind").asText());
    }

    /** Every entry's hash, signature, number and link; {@code null} when all are good, else the first bad one. */
    private LedgerVerification chain(List<ObjectNode> nodes, Ed25519Keys[] last) {
        int count = nodes.size();
        Ed25519Keys key;
        try {
            key = initialKey(nodes);
        } catch (LetheException e) {
            return LedgerVerification.bad(count, 1, e.getMessage());
        }
        String previous = EntryCodec.GENESIS;
        for (int i = 0; i < count; i++) {
            int line = i + 1;
            ObjectNode node = nodes.get(i);
            String stored = node.path("hash").asText("");
            if (!EntryCodec.hash(EntryCodec.canonical(node)).equals(stored)) {
                return LedgerVerification.bad(count, line, "its content does not match its hash (the entry was modified)");
            }
            if (!verify(key, stored, node.path("signature").asText(""))) {
                return LedgerVerification.bad(count, line, "bad signature (not signed by this Lethe home's key)");
            }
            long seq = node.path("seq").asLong(-1);
            if (seq != line) {
                return LedgerVerification.bad(count, line, "expected entry number " + line + ", found " + seq + " ("
                        + (seq > line ? "an entry before it was deleted, or entries were reordered"
                        : "an entry was inserted or entries were reordered") + ")");
            }
            if (!node.path("previousHash").asText("").equals(previous)) {
                return LedgerVerification.bad(count, line, "does not chain to the entry before it "
                        + "(an entry was inserted, deleted or reordered)");
            }
            if (rotation(node)) {
                String old = node.path("details").path(EntryCodec.OLD_KEY).asText("");
                if (!old.equals(key.publicKeyBase64())) {
                    return LedgerVerification.bad(count, line, "a key rotation names an old key that did not sign the entries before it");
                }
                try {
                    key = Ed25519Keys.verifier(node.path("details").path(EntryCodec.NEW_KEY).asText(""));
                } catch (LetheException e) {
                    return LedgerVerification.bad(count, line, e.getMessage());
                }
            }
            previous = stored;
        }
        last[0] = key;
        return null;
    }

    private LedgerVerification head(int count, String lastHash, Ed25519Keys key) {
        Optional<LedgerStorage.Head> recorded;
        try {
            recorded = file.readHead();
        } catch (IOException e) {
            return LedgerVerification.bad(count, count + 1, "the ledger head is unreadable: " + e.getMessage());
        }
        if (recorded.isEmpty()) {
            return LedgerVerification.bad(count, count + 1, "the signed head " + file.headName() + " is missing");
        }
        LedgerStorage.Head h = recorded.get();
        if (!verify(key, LedgerStorage.Head.message(h.entries(), h.hash()), h.signature())) {
            return LedgerVerification.bad(count, count + 1, "the ledger head has a bad signature");
        }
        if (h.entries() != count || !h.hash().equals(lastHash)) {
            return LedgerVerification.bad(count, count + 1, h.entries() > count
                    ? "the signed head records " + h.entries() + " entries but only " + count + " remain (entries at the end were deleted)"
                    : "the signed head records " + h.entries() + " entries ending in " + abbreviate(h.hash()) + ", the ledger has "
                    + count + " ending in " + abbreviate(lastHash));
        }
        return null;
    }

    private static LedgerVerification registry(List<ObjectNode> nodes, LedgerExpectation expected) {
        int count = nodes.size();
        if (expected.entries() > count) {
            return LedgerVerification.bad(count, count + 1, "the registry records " + expected.entries() + " ledger entries ending in "
                    + abbreviate(expected.hash()) + " but the ledger has only " + count
                    + " (entries were deleted, or the ledger was replaced)");
        }
        if (expected.entries() > 0) {
            int at = (int) expected.entries();
            String hash = nodes.get(at - 1).path("hash").asText("");
            if (!hash.equals(expected.hash())) {
                return LedgerVerification.bad(count, at, "the registry records entry " + at + " as " + abbreviate(expected.hash())
                        + ", the ledger holds " + abbreviate(hash) + " there (the ledger was replaced)");
            }
        }
        Set<String> recorded = new HashSet<>();
        for (ObjectNode n : nodes) {
            JsonNode id = n.get("requestId");
            if (id != null && id.isTextual()) {
                recorded.add(id.asText());
            }
        }
        List<String> missing = expected.completedRequests().stream().filter(id -> !recorded.contains(id)).sorted().toList();
        if (!missing.isEmpty()) {
            return LedgerVerification.bad(count, count + 1, missing.size() + " completed request" + (missing.size() == 1 ? " has" : "s have")
                    + " no ledger entry, e.g. " + LetheException.quote(missing.get(0)) + " (entries were deleted, or the worker ran with --no-ledger)");
        }
        return LedgerVerification.ok(count);
    }

    private static boolean verify(Ed25519Keys key, String message, String base64) {
        try {
            return key.verify(message.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String abbreviate(String hash) {
        return hash == null ? "nothing" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
