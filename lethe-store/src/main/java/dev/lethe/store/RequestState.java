package dev.lethe.store;

/** Where a forget request stands: stored, planned into a batch, done (with a receipt), or failed (with a reason). */
public enum RequestState {
    SUBMITTED, PLANNED, DONE, FAILED
}
