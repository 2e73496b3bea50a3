package dev.lethe.engine;

/**
 * The named points of the workflow where a fault can be injected, each just after the step's work
 * was committed (or, for {@link #FORGET}, done in memory only).
 */
public enum Step {
    /** Requests resolved to records and put in a batch. */
    PLAN,
    /** A model forgot the batch in memory; its new version is not stored yet. */
    FORGET,
    /** A model's new version and its per-request receipts are committed. */
    STORE,
    /** Older versions purged and the batch marked applied. */
    PURGE,
    /** The batch's records deleted from the stored datasets. */
    ERASE,
    /** The receipts written to the registry. */
    RECEIPT,
    /** The receipts handed to the receipt sink. */
    DELIVER,
    /** The requests marked done. */
    DONE
}
