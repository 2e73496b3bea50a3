package dev.lethe.server;

import dev.lethe.server.auth.RateLimiter;
import dev.lethe.server.auth.TlsConnector;

/**
 * How the HTTP layer behaves, independent of what it serves.
 *
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param rateLimit       each key's token bucket (429 with {@code Retry-After} beyond it), or {@code null} for none
 * @param tls             serve HTTPS from this keystore instead of HTTP, or {@code null} for plain HTTP
 */
public record ServerOptions(long maxRequestBytes, RateLimiter.Limit rateLimit, TlsConnector tls) {

    /** One MiB: far above any OpenDSR request, far below what would strain the server. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;

    public ServerOptions {
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
    }

    /** Plain HTTP without a rate limit. */
    public ServerOptions(long maxRequestBytes) {
        this(maxRequestBytes, null, null);
    }

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_MAX_REQUEST_BYTES);
    }

    public ServerOptions withRateLimit(RateLimiter.Limit limit) {
        return new ServerOptions(maxRequestBytes, limit, tls);
    }

    public ServerOptions withTls(TlsConnector connector) {
        return new ServerOptions(maxRequestBytes, rateLimit, connector);
    }
}
