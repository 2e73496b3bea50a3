-- The overdue filter (state IN ('SUBMITTED', 'PLANNED') AND due_at < ?) reads the few open requests
-- through requests_state (state, seq) and checks due_at in the row: requests_open_due (V40) cost every
-- submission, claim and completion a B-tree write and no query needed it.
DROP INDEX IF EXISTS requests_open_due;
