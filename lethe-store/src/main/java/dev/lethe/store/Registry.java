package dev.lethe.store;

/**
 * The registry of a Lethe home: one database holding datasets, models with their versions and
 * lineage, and forget requests with their receipts.
 */
public final class Registry implements AutoCloseable {

    private final Database db;
    private final DatasetStore datasets;
    private final ModelStore models;
    private final RequestStore requests;

    public Registry(Database db) {
        this.db = db;
        this.datasets = new DatasetStore(db);
        this.models = new ModelStore(db);
        this.requests = new RequestStore(db);
    }

    public Database database() {
        return db;
    }

    public DatasetStore datasets() {
        return datasets;
    }

    public ModelStore models() {
        return models;
    }

    public RequestStore requests() {
        return requests;
    }

    /**
     * Makes the data erased so far (deleted records, purged model versions, request payloads
     * replaced by their summaries) unrecoverable from the registry's storage: compacts the embedded
     * H2 file into a new one, or runs {@code VACUUM FULL} on PostgreSQL. Safe while other connections
     * and processes use the registry; work of this process waits until it is done. GDPR Art. 17
     * asks for erasure "without undue delay" (at most a month, Art. 12(3)): the worker calls this
     * after every batch it completes.
     */
    public void scrubErasedData() {
        db.scrub();
        ScrubState.clear(db);
    }

    /** Scrubs if an erasure happened since the last scrub (a worker died in between); returns whether it did. */
    public boolean scrubIfPending() {
        if (!ScrubState.pending(db)) {
            return false;
        }
        scrubErasedData();
        return true;
    }

    @Override
    public void close() {
        db.close();
    }
}
