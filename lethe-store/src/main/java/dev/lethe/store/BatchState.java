package dev.lethe.store;

/**
 * The steps of a forget batch, in order. A batch moves forward only, one committed step at a time:
 * planned (records resolved) → applied (every model forgot, new versions stored, older purged) →
 * erased (records deleted from datasets) → receipted (receipts written) → done.
 */
public enum BatchState {
    PLANNED, APPLIED, ERASED, RECEIPTED, DONE
}
