/**
 * Access to the server: API keys kept in the registry as salted PBKDF2 hashes
 * ({@link dev.lethe.server.auth.ApiKeyStore}, NIST SP 800-132), a per-key token-bucket rate limit
 * ({@link dev.lethe.server.auth.RateLimiter}, answered with 429 and {@code Retry-After} as RFC 6585
 * says) and TLS from a keystore ({@link dev.lethe.server.auth.TlsConnector}).
 */
package dev.lethe.server.auth;
