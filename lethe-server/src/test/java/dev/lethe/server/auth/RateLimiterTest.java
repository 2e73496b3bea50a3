package dev.lethe.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aKeyMaySpendItsBurstThenWaitsForTokensWhileOtherKeysAreUnaffected() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(new RateLimiter.Limit(0.5, 3), now::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).as("one token every 2 s").isEqualTo(2);
        assertThat(limiter.acquire("b")).isZero();
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.acquire("a")).as("half a token after 1 s").isEqualTo(1);
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.acquire("a")).isZero();
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).as("refilled up to the burst only").isZero();
        }
        assertThat(limiter.acquire("a")).isPositive();
    }
}
