-- Personal data found in a dataset (lethe-awareness): the latest scan of its file as JSON (types,
-- confidence and evidence per column, quasi-identifiers; never a value of the data), and the types a
-- user confirmed or set by hand per column (`lethe data tag`), which override the scan's.
CREATE TABLE dataset_pii_scans (
    dataset_id BIGINT PRIMARY KEY REFERENCES datasets (id),
    report     VARCHAR(1000000) NOT NULL,
    scanned_at BIGINT NOT NULL
);

CREATE TABLE dataset_column_tags (
    dataset_id  BIGINT NOT NULL REFERENCES datasets (id),
    column_name VARCHAR(200) NOT NULL,
    types       VARCHAR(1000) NOT NULL,
    tagged_at   BIGINT NOT NULL,
    PRIMARY KEY (dataset_id, column_name)
);
