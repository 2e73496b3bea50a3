-- Which API key submitted each forget request through lethe-server's native API (dev.lethe.server.api
-- RequestOwners), so that a controller key reads only its own requests (an officer reads all). Requests
-- submitted by the command line have no row; those of OpenDSR are found through opendsr_requests.
CREATE TABLE api_request_owners (
    request_id VARCHAR(100) PRIMARY KEY,
    key_id     VARCHAR(200) NOT NULL
);
CREATE INDEX api_request_owners_key ON api_request_owners (key_id, request_id);
