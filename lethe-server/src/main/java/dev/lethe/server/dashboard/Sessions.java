package dev.lethe.server.dashboard;

import dev.lethe.model.Digests;
import dev.lethe.model.UnavailableException;
import dev.lethe.server.Authenticator;
import dev.lethe.server.Principal;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's server-side sessions, and the {@link Authenticator} of its routes: the session
 * cookie's token names a session held in memory (the map is keyed by the token's SHA-256, so a
 * lookup's timing says nothing about stored tokens). A session ends when it has been idle for
 * {@code idle}, when it is older than {@code absolute} (OWASP Session Management: idle and absolute
 * timeouts), or at sign-out. Signing in starts a new session under a new token (no session fixation).
 * A restart of the server ends every session.
 */
public final class Sessions implements Authenticator {

    /**
     * The most sessions held at once; beyond it, expired ones are dropped, then the anonymous ones of
     * sign-in forms (so requesting forms cannot lock people out), and only then new ones refused.
     */
    static final int MAX_SESSIONS = 10_000;
    /** How long the anonymous session of a sign-in form lives. */
    static final Duration SIGN_IN_FORM = Duration.ofMinutes(15);

    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Duration idle, Duration absolute) {
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("need 0 < idle <= absolute, got idle " + idle + ", absolute " + absolute);
        }
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    /** A session and the token its cookie carries. */
    public record Started(Session session, String token) {
    }

    /** Starts a session for {@code principal}, or an anonymous one for the sign-in form when it is {@code null}. */
    public Started start(Principal principal) {
        if (byTokenHash.size() >= MAX_SESSIONS) {
            dropExpired();
        }
        if (byTokenHash.size() >= MAX_SESSIONS) {
            // sign-in forms cost nothing to request: drop them before refusing anyone (their users reload)
            byTokenHash.values().removeIf(s -> s.principal().isEmpty());
        }
        if (byTokenHash.size() >= MAX_SESSIONS) {
            throw new UnavailableException("too many dashboard sessions; try again later");
        }
        String token = randomToken();
        Session session = new Session(principal, randomToken(), clock.instant());
        byTokenHash.put(hash(token), session);
        return new Started(session, token);
    }

    /** The live session named by the request's cookie (touching it), if any. */
    public Optional<Session> current(Context ctx) {
        String token = ctx.cookie(SessionCookie.NAME);
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = hash(token);
        Session session = byTokenHash.get(key);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            byTokenHash.remove(key, session);
            return Optional.empty();
        }
        session.seen(now);
        return Optional.of(session);
    }

    /** Ends the session named by the request's cookie. */
    public void end(Context ctx) {
        String token = ctx.cookie(SessionCookie.NAME);
        if (token != null) {
            byTokenHash.remove(hash(token));
        }
    }

    @Override
    public Optional<Principal> authenticate(Context ctx) {
        return current(ctx).flatMap(Session::principal);
    }

    /** How long the browser should keep a cookie for {@code session}: until its absolute timeout. */
    public long cookieSeconds(Session session) {
        return (session.principal().isPresent() ? absolute : SIGN_IN_FORM).getSeconds();
    }

    int size() {
        return byTokenHash.size();
    }

    private boolean expired(Session s, Instant now) {
        if (s.principal().isEmpty()) {
            return now.isAfter(s.started().plus(SIGN_IN_FORM));
        }
        return now.isAfter(s.lastSeen().plus(idle)) || now.isAfter(s.started().plus(absolute));
    }

    private void dropExpired() {
        Instant now = clock.instant();
        byTokenHash.entrySet().removeIf(e -> expired(e.getValue(), now));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        return Digests.hex(Digests.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
