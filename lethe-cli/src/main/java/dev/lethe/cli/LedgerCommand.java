package dev.lethe.cli;

import dev.lethe.audit.ledger.InclusionProof;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerExpectation;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.store.LetheHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lethe ledger verify|show|proof|check-proof|rotate-key}: check, list, prove an entry of or re-key the
 * signed, hash-chained record of forgets.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Check or list the ledger of forget receipts, prove one entry is in it, or rotate its signing key.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Show.class, LedgerCommand.RotateKey.class,
                LedgerCommand.Proof.class, LedgerCommand.CheckProof.class})
final class LedgerCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs {@code work} with the home's ledger where it is kept (in the registry database when that is
     * PostgreSQL, given by {@code --db}; else the home's file) and the open home, or {@code null} for a
     * home without a registry.
     */
    static <T> T withLedger(HomeOptions home, BiFunction<Ledger, LetheHome, T> work) {
        if (!Files.isDirectory(home.home.dir())) {
            throw new Main.UserError(home.home.dir() + ": no Lethe home here (give --home DIR or set LETHE_HOME)");
        }
        if (!home.hasRegistry()) {
            return work.apply(Ledger.open(home.home.dir()), null);
        }
        try (LetheHome h = home.open()) {
            return work.apply(Ledger.open(h), h);
        }
    }

    /**
     * {@code lethe ledger verify}: exit 0 if intact, 1 naming the first bad entry otherwise. Where the home
     * has a registry, the ledger must also be as long as the registry recorded after the worker's last
     * append, and hold an entry for every request completed since the first one.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every entry's hash, signature and chain link, key rotations and the signed head, and "
                    + "the ledger against the home's registry (its recorded length and the completed requests); exit 1 "
                    + "naming the first bad entry.")
    static final class Verify implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            LedgerVerification v = withLedger(home, (ledger, h) -> ledger.verify(
                    h == null ? LedgerExpectation.none() : LedgerExpectation.recordedIn(h.registry().database())));
            spec.commandLine().getOut().println(v);
            return v.valid() ? Main.OK : Main.CHECK_FAILED;
        }
    }

    /**
     * {@code lethe ledger rotate-key}: a new signing key pair, announced by an entry the old key signs.
     * The subject HMAC secret is never rotated: every subject's keyed hash, in the ledger and the
     * registry, would change and no longer link a person's requests.
     */
    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Replace the ledger's Ed25519 signing key: append an entry, signed with the old key, naming the new "
                    + "public key; verification follows it. The subject HMAC secret is not rotated (it would change every "
                    + "subject's hash).")
    static final class RotateKey implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOptions home;

        @Override
        public Integer call() {
            LedgerEntry e = withLedger(home, (ledger, h) -> ledger.rotateKey());
            spec.commandLine().getOut().printf("ledger: entry %d, %s%n", e.seq(), e.request());
            return Main.OK;
        }
    }

    /**
     * {@code lethe ledger proof REQUEST-ID}: the proof that a request's entry is in the signed ledger
     * ({@link InclusionProof}: the entry, its Merkle audit path, its batch's signature and key), as JSON.
     */
    @Command(name = "proof", mixinStandardHelpOptions = true,
            description = "Print, as JSON, the proof that a request's ledger entry is in the signed ledger: the entry, its "
                    + "Merkle audit path to its batch's root and the batch's Ed25519 signature. Check it with "
                    + "'lethe ledger check-proof'.")
    static final class Proof implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOptions home;

        @Parameters(index = "0", arity = "0..1", paramLabel = "REQUEST-ID", description = "The workflow request's ID.")
        String requestId;

        @Option(names = "--seq", paramLabel = "N", description = "The entry's number instead of a request ID.")
        Long seq;

        @Override
        public Integer call() {
            if ((requestId == null) == (seq == null)) {
                throw new Main.UserError("give a REQUEST-ID or --seq N (one of them)");
            }
            InclusionProof proof = withLedger(home, (ledger, h) -> seq != null ? ledger.proofAt(seq)
                    : ledger.proof(requestId).orElseThrow(() -> new NotFoundException("the ledger has no entry for request "
                    + LetheException.quote(requestId))));
            spec.commandLine().getOut().println(proof.toJson());
            return Main.OK;
        }
    }

    /** {@code lethe ledger check-proof FILE}: exit 0 when the proof holds with the home's (or the given) public key, 1 otherwise. */
    @Command(name = "check-proof", mixinStandardHelpOptions = true,
            description = "Check a proof written by 'lethe ledger proof' against the home's public key (or --public-key): "
                    + "exit 0 when the entry is in a batch signed with it, 1 otherwise.")
    static final class CheckProof implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOptions home;

        @Parameters(index = "0", paramLabel = "FILE", description = "The proof (JSON).")
        Path file;

        @Option(names = "--public-key", paramLabel = "BASE64", description = "The Ed25519 public key (base64 X.509) to trust "
                + "instead of the home's: the key before a rotation, for an entry signed before it.")
        String publicKey;

        @Override
        public Integer call() {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new Main.UserError("cannot read the proof " + file + ": " + e.getMessage());
            }
            InclusionProof proof = InclusionProof.parse(text);
            String key = publicKey != null ? publicKey : withLedger(home, (ledger, h) -> ledger.publicKey());
            boolean holds = proof.verifies(key);
            spec.commandLine().getOut().println(holds
                    ? "proof valid: entry " + proof.seq() + " is in the batch of entries " + proof.batchFirst() + " to "
                    + proof.batchLast() + " signed with " + (publicKey != null ? "the given key" : "the home's key")
                    : "proof invalid: entry " + proof.seq() + " is not shown to be in a batch signed with "
                    + (publicKey != null ? "the given key" : "the home's key (if the key was rotated since, give the old one with --public-key)"));
            return holds ? Main.OK : Main.CHECK_FAILED;
        }
    }

    /** {@code lethe ledger show}: one line per entry, or JSON. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "List the ledger's entries.")
    static final class Show implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOptions home;

        @Option(names = "--json", description = "Print the entries as a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            List<LedgerEntry> entries = withLedger(home, (ledger, h) -> ledger.entries());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.pretty(entries.stream().map(Show::map).toList()));
                return Main.OK;
            }
            if (entries.isEmpty()) {
                out.println("the ledger is empty");
            }
            for (LedgerEntry e : entries) {
                out.printf("%4d  %s  %-6s %-40s %6d record%s  %-10s %10s  %s…%n", e.seq(), e.recordedAt(), e.family(), e.request(),
                        e.records().length, e.records().length == 1 ? " " : "s", e.guarantee(), Durations.format(e.elapsedNanos()),
                        e.hash().substring(0, 12));
            }
            return Main.OK;
        }

        private static Map<String, Object> map(LedgerEntry e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("recorded_at", e.recordedAt().toString());
            m.put("family", e.family());
            m.put("request_kind", e.requestKind());
            m.put("request", e.request());
            m.put("subject", e.subject());
            m.put("records", e.records());
            m.put("guarantee", e.guarantee());
            m.put("elapsed_nanos", e.elapsedNanos());
            m.put("digest_before", e.digestBefore());
            m.put("digest_after", e.digestAfter());
            m.put("details", e.details());
            m.put("previous_hash", e.previousHash());
            m.put("hash", e.hash());
            m.put("signature", e.signature());
            return m;
        }
    }
}
