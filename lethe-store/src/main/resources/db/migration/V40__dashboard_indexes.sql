-- Indexes for the dashboard's requests page and overview (lethe-server, dev.lethe.server.dashboard),
-- which lists requests newest first by keyset pagination on seq (the unique index on seq), filtered by
-- state (requests_state leads with state, then seq), by kind, or to the open requests past their due
-- date, and counts completions per day and their median time over recent days.
CREATE INDEX requests_kind ON requests (kind, seq);
CREATE INDEX requests_open_due ON requests (state, due_at);
CREATE INDEX requests_done_at ON requests (done_at);
