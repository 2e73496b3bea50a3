-- What one model version did for a batch it forgot in one call (the worker's joint forget): one row
-- per model and batch instead of one model_receipts row per request. Every request of the batch shares
-- the family, guarantee, digests, time and details; shares holds each request's own records (request
-- IDs and record IDs, RequestShares' compact encoding), from which the store derives the per-request
-- receipt (RequestStore.modelReceipts). request_count and record_count are the sums a dashboard shows.
-- Rows written before this migration stay in model_receipts and are read as before.
CREATE TABLE model_batch_receipts (
    model_name    VARCHAR(200) NOT NULL,
    version       INT NOT NULL,
    batch_id      BIGINT NOT NULL,
    family        VARCHAR(100) NOT NULL,
    request_kind  VARCHAR(20) NOT NULL,
    guarantee     VARCHAR(100) NOT NULL,
    digest_before VARCHAR(64),
    digest_after  VARCHAR(64),
    elapsed_nanos BIGINT NOT NULL,
    details       VARCHAR(4000) NOT NULL,
    at            BIGINT NOT NULL,
    request_count INT NOT NULL,
    record_count  INT NOT NULL,
    shares        ${bytes} NOT NULL,
    PRIMARY KEY (model_name, version)
);
CREATE INDEX model_batch_receipts_batch ON model_batch_receipts (batch_id);
