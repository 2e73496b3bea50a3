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
    private final ScrubSchedule schedule = new ScrubSchedule(this::scrubErasedData, this::scrubIfPending);

    /** A registry opened without a home: it stores and finds no subject ({@link SubjectKeys#none()}). */
    public Registry(Database db) {
        this(db, SubjectKeys.none());
    }

    /** @param subjectKeys the home's keyed digests of subject IDs, which records are indexed by */
    Registry(Database db, java.util.function.Supplier<SubjectKeys> subjectKeys) {
        this.db = db;
        this.datasets = new DatasetStore(db, subjectKeys);
        this.models = new ModelStore(db, datasets);
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
     * asks for erasure "without undue delay" (at most a month, Art. 12(3)): the worker has this done
     * after every batch it completes, or at most once per interval ({@link #scrubAfterErasure}).
     */
    public void scrubErasedData() {
        db.scrub();
        ScrubState.clear(db);
        schedule.scrubbed();
    }

    /**
     * What the worker calls after each batch: scrubs now (the default), or, with
     * {@link #scrubAtMostEvery} set, by the end of the interval since the last scrub.
     */
    public void scrubAfterErasure() {
        schedule.afterErasure(false);
    }

    /**
     * What the worker calls after each batch, saying whether more requests wait: by default it scrubs
     * now when none wait, and while they do it coalesces the scrub over the next batches, doing it at
     * the latest 10 seconds after this batch (or when a batch leaves nothing waiting); with
     * {@link #scrubAtMostEvery} set, by the end of the interval since the last scrub.
     */
    public void scrubAfterErasure(boolean backlog) {
        schedule.afterErasure(backlog);
    }

    /**
     * Lets the worker scrub at most once per {@code interval} (0, the default: after every batch; at
     * most a day), trading how long erased data may stay in stale pages for throughput: each scrub
     * rewrites the whole registry.
     *
     * @throws StoreException of kind {@code INVALID_INPUT} for a negative interval or one over a day
     */
    public void scrubAtMostEvery(java.time.Duration interval) {
        schedule.interval(interval);
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
        schedule.close();
        db.close();
    }
}
