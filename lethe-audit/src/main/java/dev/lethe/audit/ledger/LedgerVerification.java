package dev.lethe.audit.ledger;

/**
 * The result of {@link Ledger#verify()}.
 *
 * @param valid        whether every entry, the chain and the signed head check out
 * @param entries      entries read
 * @param firstBad     1-based line of the first bad entry (entries + 1 for a missing tail), or 0 when valid
 * @param problem      what is wrong with it, in words, or "" when valid
 */
public record LedgerVerification(boolean valid, int entries, int firstBad, String problem) {

    static LedgerVerification ok(int entries) {
        return new LedgerVerification(true, entries, 0, "");
    }

    static LedgerVerification bad(int entries, int line, String problem) {
        return new LedgerVerification(false, entries, line, problem);
    }

    @Override
    public String toString() {
        return valid ? "ledger valid: " + entries + " entries" : "ledger INVALID at entry " + firstBad + ": " + problem;
    }
}
