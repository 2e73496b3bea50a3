-- records_subject_key (V170) is read only where a registry is shared: a PostgreSQL registry's workers
-- and the OpenDSR service find subjects' records through it (DatasetStore.recordsOfSubjects). An
-- embedded H2 registry's worker plans from its in-memory subject index, so there the digest index only
-- cost a random B-tree delete per erased record; its rare readers scan instead. The statement comes
-- from Dialect.subjectKeyIndex: DROP INDEX on H2, CREATE INDEX IF NOT EXISTS (kept) on PostgreSQL.
${subjectKeyIndex};
