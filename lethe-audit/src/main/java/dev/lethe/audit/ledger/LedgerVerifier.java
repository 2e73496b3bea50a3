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
 * its number and its link to the entry before, each batch's Ed25519 signature ({@link BatchSeal}); key rotations (an entry signed
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
        Chain chain = chain(nodes);
        return chain.problem() == null && chain.sealed() == nodes.size();
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
        Chain chain = chain(nodes);
        if (chain.problem() != null) {
            return chain.problem();
        }
        int count = nodes.size();
        Ed25519Keys[] last = {chain.key()};
        if (chain.sealed() < count) {
            LedgerVerification head = head(count, nodes.get(count - 1).path("hash").asText(""), last[0]);
            return head != null ? head : LedgerVerification.bad(count, chain.sealed() + 1, "entries " + (chain.sealed() + 1)
                    + " to " + count + " are covered by no signature (the signed entry that ended their batch was deleted, "
                    + "or its signature removed)");
        }
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
    static Ed25519Keys initialKey(List<ObjectNode> nodes, Ed25519Keys homeKey) {
        for (ObjectNode n : nodes) {
            if (rotation(n)) {
                return Ed25519Keys.verifier(n.path("details").path(EntryCodec.OLD_KEY).asText(""));
            }
        }
        return homeKey;
    }

    static boolean rotation(ObjectNode n) {
        return EntryCodec.ROTATION_FAMILY.equals(n.path("family").asText()) && EntryCodec.ROTATION_KIND.equals(n.path("requestKind").asText());
    }

    /**
     * Every entry's hash, number and link, and each batch's signature ({@link BatchSeal}: an unsigned entry
     * is covered by the next signed one), up to the last signed entry.
     */
    private Chain chain(List<ObjectNode> nodes) {
        int count = nodes.size();
        Ed25519Keys key;
        try {
            key = initialKey(nodes, homeKey);
        } catch (LetheException e) {
            return Chain.bad(LedgerVerification.bad(count, 1, e.getMessage()));
        }
        String previous = EntryCodec.GENESIS;
        List<String> hashes = new ArrayList<>(count);
        int batchStart = 0;
        for (int i = 0; i < count; i++) {
            int line = i + 1;
            ObjectNode node = nodes.get(i);
            String stored = node.path("hash").asText("");
            if (!EntryCodec.hash(EntryCodec.canonical(node)).equals(stored)) {
                return Chain.bad(LedgerVerification.bad(count, line, "its content does not match its hash (the entry was modified)"));
            }
            long seq = node.path("seq").asLong(-1);
            if (seq != line) {
                return Chain.bad(LedgerVerification.bad(count, line, "expected entry number " + line + ", found " + seq + " ("
                        + (seq > line ? "an entry before it was deleted, or entries were reordered"
                        : "an entry was inserted or entries were reordered") + ")"));
            }
            if (!node.path("previousHash").asText("").equals(previous)) {
                return Chain.bad(LedgerVerification.bad(count, line, "does not chain to the entry before it "
                        + "(an entry was inserted, deleted or reordered)"));
            }
            hashes.add(stored);
            previous = stored;
            String signature = node.path("signature").asText("");
            boolean rotation = rotation(node);
            if (signature.isEmpty() && !rotation) {
                continue; // sealed by the signature on the last entry of its batch
            }
            if (!sealed(key, batchStart + 1, hashes.subList(batchStart, line), signature)) {
                return Chain.bad(LedgerVerification.bad(count, line, line - batchStart == 1
                        ? "bad signature (not signed by this Lethe home's key)"
                        : "bad signature over its batch of entries " + (batchStart + 1) + " to " + line
                        + " (not signed by this Lethe home's key, or entries of the batch were changed, or a signature was removed)"));
            }
            batchStart = line;
            if (rotation) {
                String old = node.path("details").path(EntryCodec.OLD_KEY).asText("");
                if (!old.equals(key.publicKeyBase64())) {
                    return Chain.bad(LedgerVerification.bad(count, line, "a key rotation names an old key that did not sign the entries before it"));
                }
                try {
                    key = Ed25519Keys.verifier(node.path("details").path(EntryCodec.NEW_KEY).asText(""));
                } catch (LetheException e) {
                    return Chain.bad(LedgerVerification.bad(count, line, e.getMessage()));
                }
            }
        }
        return new Chain(null, key, batchStart);
    }

    /**
     * What checking the chain found: the first bad entry, or else the key in force at the end and how many
     * entries a signature covers (fewer than all when the last batch lost its signed end).
     */
    private record Chain(LedgerVerification problem, Ed25519Keys key, int sealed) {
        static Chain bad(LedgerVerification problem) {
            return new Chain(problem, null, 0);
        }
    }

    /**
     * Whether {@code signature} seals the batch of entries numbered from {@code first} with these hashes, or,
     * for a batch of one, signs that entry's hash on its own (ledgers written before batches were sealed).
     */
    private static boolean sealed(Ed25519Keys key, long first, List<String> batch, String signature) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return key.verify(BatchSeal.of(first, batch).message(), bytes)
                || batch.size() == 1 && BatchSeal.signsEntryAlone(key, batch.get(0), bytes);
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
