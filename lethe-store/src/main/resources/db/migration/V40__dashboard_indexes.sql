-- Indexes for the dashboard's requests page and overview (lethe-server, dev.lethe.server.dashboard),
-- which lists requests newest first by keyset pagination on seq (the unique index on seq), filtered by
-- state (requests_state: state, seq), by kind (requests_kind: kind, seq; the page is ordered by
-- "kind DESC, seq DESC" so that H2 reads it from the index in order), or to the open requests past
-- their due date (requests_open_due), and counts completions per day and their median time over recent
-- days (requests_done_at, also the latest completion that tells when the closed counts changed).
CREATE INDEX requests_kind ON requests (kind, seq);
CREATE INDEX requests_open_due ON requests (state, due_at);
CREATE INDEX requests_done_at ON requests (done_at);
