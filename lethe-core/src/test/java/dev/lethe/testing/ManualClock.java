package dev.lethe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test says so, and counts how often it was read: a test can wait
 * until a worker has looked at the time many times (and so made its decision again and again)
 * without measuring any real time itself.
 */
public final class ManualClock extends Clock {

    private final AtomicLong millis;
    private final AtomicInteger reads = new AtomicInteger();

    public ManualClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    public int reads() {
        return reads.get();
    }

    /**
     * Waits until the clock has been read {@code more} further times, failing if {@code reader} dies
     * first or has not read it that often after a minute (a guard against hanging, not a timing).
     */
    public void awaitMoreReads(int more, Thread reader) throws InterruptedException {
        int target = reads.get() + more;
        long guard = System.nanoTime() + 60_000_000_000L;
        while (reads.get() < target) {
            assertThat(reader.isAlive()).as("the thread reading the clock is still running").isTrue();
            assertThat(System.nanoTime()).as("clock reads after a minute: %d of %d", reads.get(), target).isLessThan(guard);
            Thread.sleep(1);
        }
    }

    @Override
    public Instant instant() {
        reads.incrementAndGet();
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
