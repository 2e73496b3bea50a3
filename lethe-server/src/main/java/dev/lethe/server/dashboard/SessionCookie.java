package dev.lethe.server.dashboard;

/**
 * The dashboard's session cookie as a {@code Set-Cookie} header (RFC 6265): {@code HttpOnly} so
 * scripts cannot read it, {@code SameSite=Strict} so no other site's page sends it along (a second
 * line of defence behind the CSRF tokens), {@code Secure} when the server speaks TLS, and scoped to
 * the dashboard's path so the API never receives it.
 */
public final class SessionCookie {

    /** The cookie's name. */
    public static final String NAME = "lethe_session";
    /** The path the cookie is sent to. */
    public static final String PATH = "/ui";

    private SessionCookie() {
    }

    /** The header that sets the cookie to {@code token} for {@code maxAgeSeconds}. */
    public static String set(String token, long maxAgeSeconds, boolean secure) {
        return NAME + "=" + token + "; Path=" + PATH + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The header that removes the cookie from the browser. */
    public static String clear(boolean secure) {
        return set("", 0, secure);
    }
}
