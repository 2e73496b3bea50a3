package dev.lethe.server;

/**
 * How the HTTP layer behaves, independent of what it serves.
 *
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 */
public record ServerOptions(long maxRequestBytes) {

    /** One MiB: far above any OpenDSR request, far below what would strain the server. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;

    public ServerOptions {
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
    }

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_MAX_REQUEST_BYTES);
    }
}
