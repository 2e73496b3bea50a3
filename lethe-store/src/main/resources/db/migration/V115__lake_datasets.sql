-- Lake datasets (lethe-spark): a table that stays in a data lake, registered in a home as a dataset
-- without stored rows (its datasets row names it in receipts and is what lake models are trained on).
-- bucket_key keys the subject-bucket column (HMAC of the subject mod buckets) that partitions the
-- table; it lives here, with the registry's own subject IDs, never beside the lake's data.
CREATE TABLE lake_datasets (
    dataset_id      BIGINT PRIMARY KEY REFERENCES datasets (id),
    table_uri       VARCHAR(4000) NOT NULL,
    bucket_key      ${bytes} NOT NULL,
    buckets         INT NOT NULL,
    vacuum_hours    DOUBLE PRECISION NOT NULL,
    vacuum_override BOOLEAN NOT NULL
);
