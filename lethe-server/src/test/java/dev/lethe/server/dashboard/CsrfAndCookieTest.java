package dev.lethe.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.RouteTable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pieces of the dashboard's session security on their own. */
class CsrfAndCookieTest {

    private final Session session = new Session(new Principal("o1", Role.OFFICER), "token-123", Instant.EPOCH);

    @Test
    void onlyTheSessionsOwnTokenMatches() {
        assertThat(Csrf.matches(session, "token-123")).isTrue();
        assertThat(Csrf.matches(session, "token-124")).isFalse();
        assertThat(Csrf.matches(session, "token-12")).isFalse();
        assertThat(Csrf.matches(session, "")).isFalse();
        assertThat(Csrf.matches(session, null)).isFalse();
        assertThat(Csrf.matches(null, "token-123")).isFalse();
        assertThatThrownBy(() -> Csrf.require(session, "forged")).isInstanceOf(RouteTable.AccessDenied.class)
                .satisfies(e -> assertThat(((RouteTable.AccessDenied) e).status().getCode()).isEqualTo(403));
        assertThat(Csrf.field(session)).isEqualTo("<input type=\"hidden\" name=\"_csrf\" value=\"token-123\">");
    }

    @Test
    void theCookieIsHttpOnlyStrictScopedAndSecureOnlyUnderTls() {
        assertThat(SessionCookie.set("abc", 600, false))
                .isEqualTo("lethe_session=abc; Path=/ui; Max-Age=600; HttpOnly; SameSite=Strict");
        assertThat(SessionCookie.set("abc", 600, true)).endsWith("; HttpOnly; SameSite=Strict; Secure");
        assertThat(SessionCookie.clear(true)).startsWith("lethe_session=; Path=/ui; Max-Age=0;").endsWith("; Secure");
    }

    @Test
    void htmlEscapingCoversEveryCharacterWithMeaning() {
        assertThat(Html.text("<script>alert('x') & \"y\"</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
        assertThat(Html.text("plain")).isEqualTo("plain");
        assertThat(Html.text(null)).isEmpty();
        assertThat(Html.url("a b/c?d=e&f")).isEqualTo("a%20b%2Fc%3Fd%3De%26f");
        assertThat(Subjects.visible("subject hmac-sha256:0123456789abcdef0123456789abcdef", new Principal("e", Role.ENGINEER)))
                .isEqualTo("subject (pseudonymised)");
        assertThat(Subjects.visible("subject hmac-sha256:0123456789abcdef0123456789abcdef", new Principal("o", Role.OFFICER)))
                .contains("hmac-sha256:");
    }
}
