-- API keys of `lethe serve` (lethe-server's ApiKeyStore). A key is printed once as ID.SECRET; only
-- a salted PBKDF2-HMAC-SHA256 hash of the secret is kept (Base64), with its salt and iteration count
-- so the cost can be raised for new keys. A revoked key keeps its row (revoked_at set) so its ID is
-- never reused and `lethe keys list` shows when it was revoked. Times are epoch milliseconds (UTC).
CREATE TABLE api_keys (
    id          VARCHAR(40) PRIMARY KEY,
    name        VARCHAR(200),
    role        VARCHAR(20) NOT NULL,
    salt        VARCHAR(64) NOT NULL,
    hash        VARCHAR(128) NOT NULL,
    iterations  INT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
