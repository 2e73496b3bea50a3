package dev.lethe.server.dashboard;

import dev.lethe.server.RouteTable;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Cross-site request forgery protection by synchroniser token (OWASP CSRF Prevention Cheat Sheet):
 * every session, even the anonymous one the sign-in form lives in, holds a random token; every form
 * the dashboard renders carries it in a hidden field, and every POST whose field does not equal its
 * session's token is refused with 403 before the handler runs. Compared in constant time.
 */
public final class Csrf {

    /** The hidden form field that carries the token. */
    public static final String FIELD = "_csrf";

    private Csrf() {
    }

    /** The hidden input to put in every form of {@code session}. */
    public static String field(Session session) {
        return "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + Html.text(session.csrfToken()) + "\">";
    }

    /** Whether {@code submitted} is the session's token. */
    public static boolean matches(Session session, String submitted) {
        return session != null && submitted != null && MessageDigest.isEqual(
                session.csrfToken().getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses a form post whose token is missing or wrong (403). */
    public static void require(Session session, String submitted) {
        if (!matches(session, submitted)) {
            throw new RouteTable.AccessDenied(HttpStatus.FORBIDDEN,
                    "the form's security token is missing or out of date; reload the page and try again");
        }
    }
}
