-- Whether the subject summaries that versions before the keyed hash stored unkeyed have been
-- rewritten (KeyedSummaries.migrate). Set once, so that opening a workflow does not search every
-- subject request for them on each start (about 6 s with 100,000 requests on H2).
CREATE TABLE keyed_summaries_state (
    id    INT PRIMARY KEY,
    keyed BOOLEAN NOT NULL
);
INSERT INTO keyed_summaries_state (id, keyed) VALUES (1, FALSE);
