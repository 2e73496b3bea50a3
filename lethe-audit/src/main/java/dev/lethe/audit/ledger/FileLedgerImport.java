package dev.lethe.audit.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The one-time move of a home's ledger file into the registry's ledger, for a PostgreSQL home made
 * before the registry kept its ledger ({@link LedgerTable}): "existing homes keep working" means the
 * entries already signed stay part of the one chain, and the registry's recorded head still matches.
 */
final class FileLedgerImport {

    private FileLedgerImport() {
    }

    /**
     * Moves a home's file ledger into a new, empty ledger in its registry (a PostgreSQL home made before
     * the registry kept its ledger): the lines are stored as they are, so every hash, signature and the
     * chain stay valid and the registry's recorded head still matches. The file is left as it was. A file
     * that does not verify is not imported: the ledger stays empty and the error says why.
     */
    static void into(LedgerStorage files, HomeSecrets home) {
        LedgerFile old = new LedgerFile(home.dir());
        try {
            if (old.tip().position() == 0 || !files.isNew()) {
                return; // nothing to move, or moved already: no need to wait for the writers' lock
            }
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger file " + old.file() + ": " + e.getMessage(), e);
        }
        files.locked(() -> {
            List<String> lines = old.lines();
            if (lines.isEmpty() || !files.isNew()) {
                return null;
            }
            Ed25519Keys homeKey = Ed25519Keys.verifier(Base64.getEncoder().encodeToString(home.publicKey()));
            LedgerVerification v = new LedgerVerifier(old, homeKey).verify(LedgerExpectation.none());
            if (!v.valid()) {
                throw new LedgerException("cannot move the ledger file " + old.file() + " into the registry: " + v
                        + " (restore it, or move it away to start an empty ledger in the registry)");
            }
            List<LedgerStorage.Written> rows = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                ObjectNode node = EntryCodec.node(lines.get(i), i + 1);
                rows.add(new LedgerStorage.Written(i + 1, EntryCodec.requestIdOf(node), EntryCodec.canonical(node),
                        node.path("hash").asText(), node.path("signature").asText()));
            }
            files.append(rows);
            LedgerStorage.Head head = old.readHead().orElseThrow();
            files.writeHead(head.entries(), head.hash(), head.signature());
            return null;
        });
    }
}
