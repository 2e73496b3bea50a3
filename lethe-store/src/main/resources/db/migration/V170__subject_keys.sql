-- Records are found by a keyed digest of their subject (SubjectKeys: the first 16 bytes of
-- HMAC-SHA256(home's subject secret, ID)), never by the raw ID: a B-tree keeps copies of deleted keys
-- in its inner pages, and a compaction copies those pages as they are, so an index on the raw ID kept
-- erased subjects' IDs in the scrubbed file. The raw ID stays in its row, unindexed, for the readers
-- that group records by subject (models, SISA placement, DP units, the subject index).
-- The migration cannot know the secret: rows stored before it get their digest in Java when a home
-- first opens the registry (DatasetStore.keyStoredSubjects), as subject_keys_state records.
ALTER TABLE records ADD COLUMN subject_key ${bytes};
DROP INDEX IF EXISTS records_subject_rebuilt;
DROP INDEX IF EXISTS records_subject;
CREATE INDEX records_subject_key ON records (subject_key);

CREATE TABLE subject_keys_state (
    id    INT PRIMARY KEY,
    keyed BOOLEAN NOT NULL
);
INSERT INTO subject_keys_state (id, keyed)
    SELECT 1, NOT EXISTS (SELECT 1 FROM records WHERE subject IS NOT NULL) FROM record_ids WHERE id = 1;
