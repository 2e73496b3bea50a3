package dev.lethe.audit.ledger;

import dev.lethe.model.LetheException;

/** The ledger or the Lethe home cannot be read or written (I/O, unreadable keys). Tampering is not an exception: see {@link Ledger#verify()}. */
public final class LedgerException extends LetheException {

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The ledger's files or keys cannot be read or written. */
    @Override
    public Kind kind() {
        return Kind.UNAVAILABLE;
    }
}
