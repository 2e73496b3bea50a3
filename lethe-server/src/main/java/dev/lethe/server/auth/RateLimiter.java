package dev.lethe.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: each key may send {@code burst} requests at once and
 * {@code perSecond} on average. A refused request learns how many whole seconds to wait, for the
 * {@code Retry-After} header of its 429 answer (RFC 6585 section 4, RFC 9110 section 10.2.3).
 */
public final class RateLimiter {

    /**
     * How fast one key may call.
     *
     * @param perSecond tokens added per second
     * @param burst     the bucket's size: requests a key may send at once
     */
    public record Limit(double perSecond, int burst) {
        public Limit {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1, got "
                        + perSecond + " and " + burst);
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final Limit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own) */
    public RateLimiter(Limit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    public Limit limit() {
        return limit;
    }

    /** Takes a token for {@code keyId}: 0 when admitted, else the whole seconds (at least 1) until one is free. */
    public long acquire(String keyId) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.computeIfAbsent(keyId, k -> new Bucket(limit.burst(), now));
        synchronized (b) {
            b.tokens = Math.min(limit.burst(), b.tokens + (now - b.at) / 1e9 * limit.perSecond());
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / limit.perSecond()));
        }
    }
}
