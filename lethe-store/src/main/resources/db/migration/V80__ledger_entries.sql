-- The signed, hash-chained ledger kept in the registry (dev.lethe.audit.ledger.LedgerTable), used by
-- every home whose registry is PostgreSQL, so that servers on several machines append to one chain.
-- One row per entry: its number, the workflow request it answers (unique: a receipt redelivered after a
-- crash is found by this index and appends nothing), its canonical JSON (what the hash covers), hash and
-- Ed25519 signature. An entry's text can be long (a request may name many records): VARCHAR without a
-- length is unbounded in PostgreSQL and as long as H2 allows.
CREATE TABLE ledger_entries (
    seq        BIGINT PRIMARY KEY,
    request_id VARCHAR(400),
    body       VARCHAR NOT NULL,
    hash       VARCHAR(64) NOT NULL,
    signature  VARCHAR(200) NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_request ON ledger_entries (request_id);

-- The ledger's signed head (one row, id 1): number of entries, last hash, and the signature over both,
-- updated in the transaction that appends. Writers lock this row (SELECT ... FOR UPDATE) to continue the
-- chain one at a time. The migration makes it empty and unsigned; the first ledger opened on the
-- registry signs it with the home's key. (Not ledger_heads, V10: that is the worker's own record of
-- where the ledger ended, written apart from the ledger.)
CREATE TABLE ledger_signed_head (
    id        INT PRIMARY KEY,
    entries   BIGINT NOT NULL,
    hash      VARCHAR(64) NOT NULL,
    signature VARCHAR(200) NOT NULL
);
INSERT INTO ledger_signed_head (id, entries, hash, signature)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '');
