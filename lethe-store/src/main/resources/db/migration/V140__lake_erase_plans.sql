-- Lake erase plans (lethe-spark): before a batch's rows leave a lake dataset, the record IDs each
-- request reaches there are recorded, so that a worker restarted after the erase (and before the
-- receipts' commit) erases the same rows again, idempotently, and the receipt still names them.
-- Record IDs only (Lineage bytes), no subject ID; the next plan recorded drops those of receipted batches.
CREATE TABLE lake_erase_plans (
    batch_id   BIGINT NOT NULL,
    dataset_id BIGINT NOT NULL,
    request_id VARCHAR(100) NOT NULL,
    record_ids ${bytes} NOT NULL,
    PRIMARY KEY (batch_id, dataset_id, request_id)
);
