-- Several workers on one PostgreSQL registry: the worker carrying a batch out holds it by a lease
-- (owner: the worker's ID; lease_until: epoch milliseconds) that it renews while it works and that
-- fences its steps; once the lease has expired (the worker died), another worker takes the batch over.
-- Batches made before this migration have no owner and are free to take.
ALTER TABLE batches ADD COLUMN owner VARCHAR(100);
ALTER TABLE batches ADD COLUMN lease_until BIGINT;
CREATE INDEX batches_state ON batches (state);
