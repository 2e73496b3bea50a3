-- The keyed fingerprint of the subject HMAC secret of the homes that use this registry (one row, id 1):
-- HMAC(secret, "lethe-subject-key-check"), never the secret. Recorded by the first home that opens the
-- registry; a home whose secret gives another fingerprint is refused (SubjectKeyCheck), since its keyed
-- subject hashes would miss the requests and ledger entries the other homes stored.
CREATE TABLE subject_key_check (
    id          INT PRIMARY KEY,
    fingerprint VARCHAR(80) NOT NULL,
    recorded_at BIGINT NOT NULL
);
