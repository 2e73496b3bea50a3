-- Where the home's signed ledger ended after the worker's latest append: its number of entries and
-- the hash of the last one (one row, id 1). Kept in the registry, apart from ledger.jsonl and
-- ledger.head, so that deleting or truncating those files together still shows: `lethe ledger verify`
-- requires the ledger to be at least this long and to hold this hash at this place. since_batch is the
-- first batch whose receipts reached the ledger: every request done in it or later must have an entry.
CREATE TABLE ledger_heads (
    id          INT PRIMARY KEY,
    entries     BIGINT NOT NULL,
    hash        VARCHAR(64) NOT NULL,
    since_batch BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL
);
