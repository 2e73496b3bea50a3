package dev.lethe.server.dashboard;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerExpectation;
import dev.lethe.audit.ledger.LedgerHead;
import dev.lethe.audit.ledger.LedgerVerification;
import java.time.Duration;
import java.time.Instant;

/**
 * The ledger verified as {@code lethe ledger verify} does: every hash, signature and link, the
 * signed head, and what the registry recorded (its length and hash, an entry for every completed
 * request). Verifying checks every signature (seconds for a long ledger), so the result is reused
 * until the ledger grows or for {@link #REVERIFY}.
 */
final class LedgerCheck {

    /** How long a verification is shown before the ledger is verified again (sooner when it grew). */
    static final Duration REVERIFY = Duration.ofMinutes(1);

    private final Ledger ledger;
    private final DashboardData data;
    private LedgerVerification verified;
    private LedgerHead verifiedAt;
    private Instant verifiedWhen = Instant.MIN;

    LedgerCheck(Ledger ledger, DashboardData data) {
        this.ledger = ledger;
        this.data = data;
    }

    synchronized LedgerVerification result() {
        LedgerHead head = ledger.head();
        Instant now = data.now();
        if (verified == null || !head.equals(verifiedAt) || now.isAfter(verifiedWhen.plus(REVERIFY)) || now.isBefore(verifiedWhen)) {
            verified = ledger.verify(LedgerExpectation.recordedIn(data.registry().database()));
            verifiedAt = head;
            verifiedWhen = now;
        }
        return verified;
    }
}
