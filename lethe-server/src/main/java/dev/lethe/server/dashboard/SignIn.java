package dev.lethe.server.dashboard;

import dev.lethe.server.KeyVerifier;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * Signing in and out. The form is served in an anonymous session so that it, too, carries a CSRF
 * token (a forged sign-in would put a victim in the attacker's session); a key that verifies starts
 * a new session under a new token, and the anonymous one ends. The answer to a wrong key never says
 * whether the ID or the secret was wrong.
 */
final class SignIn {

    private final Sessions sessions;
    private final KeyVerifier keys;

    SignIn(Sessions sessions, KeyVerifier keys) {
        this.sessions = sessions;
        this.keys = keys;
    }

    void form(Context ctx) {
        Optional<Session> current = sessions.current(ctx);
        if (current.flatMap(Session::principal).isPresent()) {
            ctx.redirect("/ui/overview", HttpStatus.SEE_OTHER);
            return;
        }
        show(ctx, current.orElse(null), null);
    }

    void submit(Context ctx) {
        Session form = sessions.current(ctx).orElse(null);
        if (!Csrf.matches(form, ctx.formParam(Csrf.FIELD))) {
            ctx.status(HttpStatus.FORBIDDEN);
            show(ctx, null, "The sign-in form was out of date or did not come from this server. Please sign in again.");
            return;
        }
        String key = ctx.formParam("key");
        Optional<Principal> who = key == null ? Optional.empty() : keys.verify(key.trim());
        if (who.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            show(ctx, form, "That key is unknown or revoked.");
            return;
        }
        if (!DashboardModule.PEOPLE.contains(who.get().role())) {
            ctx.status(HttpStatus.FORBIDDEN);
            show(ctx, form, "A " + who.get().role().name().toLowerCase(java.util.Locale.ROOT) + " key is for privacy tooling, "
                    + "not for the dashboard; sign in with an officer, engineer or admin key.");
            return;
        }
        sessions.end(ctx);
        Sessions.Started started = sessions.start(who.get());
        setCookie(ctx, started);
        ctx.redirect(who.get().role() == Role.ADMIN ? "/ui/overview" : "/ui/requests", HttpStatus.SEE_OTHER);
    }

    void signOut(Context ctx, Session session) {
        sessions.end(ctx);
        ctx.header("Set-Cookie", SessionCookie.clear(secure(ctx)));
        ctx.redirect("/ui/sign-in", HttpStatus.SEE_OTHER);
    }

    /** The form, in the given anonymous session or a new one. */
    private void show(Context ctx, Session anonymous, String error) {
        Session session = anonymous;
        if (session == null || session.principal().isPresent()) {
            Sessions.Started started = sessions.start(null);
            setCookie(ctx, started);
            session = started.session();
        }
        StringBuilder body = new StringBuilder();
        if (error != null) {
            body.append("<p class=\"problem\" role=\"alert\">").append(Html.text(error)).append("</p>");
        }
        body.append("<form class=\"sign-in\" method=\"post\" action=\"/ui/sign-in\">").append(Csrf.field(session))
                .append("<label for=\"key\">API key</label>")
                .append("<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required placeholder=\"ID.SECRET\">")
                .append("<button type=\"submit\">Sign in</button></form>")
                .append("<p class=\"hint\">Keys are made with <code>lethe keys create --role officer</code> (or engineer, admin).</p>");
        Layout.render(ctx, null, "Sign in", body.toString());
    }

    private void setCookie(Context ctx, Sessions.Started started) {
        ctx.header("Set-Cookie", SessionCookie.set(started.token(), sessions.cookieSeconds(started.session()), secure(ctx)));
    }

    /** Whether the browser reached the server over TLS. */
    static boolean secure(Context ctx) {
        return ctx.req().isSecure();
    }
}
