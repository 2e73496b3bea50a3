-- The records a batch's requests were planned into: one row per batch and dataset instead of one
-- request_records row per request and dataset, since they are only ever read back a batch at a time
-- (or all at once). shares holds each request's record IDs in RequestShares' compact encoding (request
-- IDs and record IDs only: the values themselves are erased). Rows written before this migration stay
-- in request_records and are read as before.
CREATE TABLE batch_planned_records (
    batch_id   BIGINT NOT NULL,
    dataset_id BIGINT NOT NULL,
    shares     ${blob} NOT NULL,
    PRIMARY KEY (batch_id, dataset_id)
);
