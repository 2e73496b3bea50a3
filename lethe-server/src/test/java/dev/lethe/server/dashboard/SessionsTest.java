package dev.lethe.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionsTest {

    @Test
    void signInFormsCannotCrowdOutSignedInSessions() {
        Sessions sessions = new Sessions(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), DashboardModule.IDLE, DashboardModule.ABSOLUTE);
        Sessions.Started officer = sessions.start(new Principal("o1", Role.OFFICER));
        for (int i = 1; i < Sessions.MAX_SESSIONS; i++) {
            sessions.start(null);
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_SESSIONS);
        Sessions.Started next = sessions.start(new Principal("e1", Role.ENGINEER));
        assertThat(sessions.size()).as("the forms were dropped, the officer kept").isEqualTo(2);
        assertThat(officer.token()).isNotEqualTo(next.token());
        assertThat(officer.session().csrfToken()).isNotEqualTo(next.session().csrfToken()).hasSizeGreaterThanOrEqualTo(43);
    }
}
