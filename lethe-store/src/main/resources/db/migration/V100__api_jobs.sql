-- Jobs of lethe-server's native API (dev.lethe.server.api.JobStore): the long operations (import,
-- train, audit) with their state, progress, result (JSON, references to what they produced) or error
-- (an RFC 9457 problem as JSON), the API key that started them and the role that may follow them.
-- runner names the server process carrying a job out; it renews lease_until while it runs, so a job
-- whose lease expired was left by a process that died and is reported failed, never lost.
-- Times are epoch milliseconds (UTC).
CREATE TABLE api_jobs (
    id          VARCHAR(36) PRIMARY KEY,
    kind        VARCHAR(20) NOT NULL,
    state       VARCHAR(20) NOT NULL,
    progress    DOUBLE PRECISION NOT NULL,
    stage       VARCHAR(1000) NOT NULL,
    owner_key   VARCHAR(200) NOT NULL,
    owner_role  VARCHAR(20) NOT NULL,
    runner      VARCHAR(200) NOT NULL,
    lease_until BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    finished_at BIGINT,
    result      VARCHAR(20000),
    error       VARCHAR(8000)
);
CREATE INDEX api_jobs_owner ON api_jobs (owner_role, created_at);
CREATE INDEX api_jobs_open ON api_jobs (state, lease_until);

-- What a job produced beyond its result, kept with it (an audit's HTML report).
CREATE TABLE api_job_reports (
    job_id VARCHAR(36) PRIMARY KEY,
    report ${blob} NOT NULL
);
