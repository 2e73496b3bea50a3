-- Whether erased data may still sit in the storage (stale pages in H2, dead tuples in PostgreSQL):
-- set in the same transaction as an erasure, cleared once Registry.scrubErasedData has rewritten the
-- storage, so a worker killed in between scrubs when the next worker claims the registry.
CREATE TABLE scrub_state (
    id      INT PRIMARY KEY,
    pending BOOLEAN NOT NULL
);
INSERT INTO scrub_state (id, pending) VALUES (1, FALSE);
