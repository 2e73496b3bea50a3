package dev.lethe.engine;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The statutory deadline of a request: one month after receipt (GDPR Art. 12(3)), counted in UTC
 * calendar months (31 January → 28/29 February, as {@link java.time.ZonedDateTime#plusMonths} does).
 */
public final class DueDates {

    private DueDates() {
    }

    public static Instant dueDate(Instant received) {
        return received.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }
}
