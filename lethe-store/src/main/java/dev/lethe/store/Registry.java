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

    @Override
    public void close() {
        db.close();
    }
}
