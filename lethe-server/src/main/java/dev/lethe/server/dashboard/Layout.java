package dev.lethe.server.dashboard;

import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * The frame every dashboard page shares: navigation for the signed-in role, the sign-out form, the
 * stylesheet, and the response headers that keep a page private and inert: not cached, not framed,
 * no script at all and no resource from elsewhere (Content Security Policy), no referrer.
 */
final class Layout {

    /** The headers of every dashboard page. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private record Link(String path, String label, Set<Role> roles) {
    }

    private static final Link[] NAV = {
            new Link("/ui/overview", "Overview", DashboardModule.PEOPLE),
            new Link("/ui/requests", "Requests", DashboardModule.READERS),
            new Link("/ui/models", "Models", DashboardModule.READERS),
            new Link("/ui/ledger", "Ledger", Set.of(Role.OFFICER)),
    };

    private Layout() {
    }

    /** Writes a whole page: {@code body} is already escaped HTML. */
    static void render(Context ctx, Session session, String title, String body) {
        StringBuilder html = new StringBuilder(body.length() + 2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.text(title)).append(" · Lethe</title>")
                .append("<link rel=\"stylesheet\" href=\"/ui/static/dashboard.css\"></head><body>\n<header><span class=\"brand\">Lethe</span>");
        Principal who = session == null ? null : session.principal().orElse(null);
        if (who != null) {
            html.append("<nav>");
            for (Link link : NAV) {
                if (link.roles().contains(who.role())) {
                    boolean here = ctx.path().startsWith(link.path());
                    html.append("<a href=\"").append(link.path()).append('"').append(here ? " class=\"here\" aria-current=\"page\"" : "")
                            .append('>').append(link.label()).append("</a>");
                }
            }
            html.append("</nav><form class=\"who\" method=\"post\" action=\"/ui/sign-out\">")
                    .append("<span>").append(Html.text(who.keyId())).append(" · ").append(who.role().name().toLowerCase(Locale.ROOT))
                    .append("</span>").append(Csrf.field(session)).append("<button type=\"submit\">Sign out</button></form>");
        }
        html.append("</header>\n<main>\n<h1>").append(Html.text(title)).append("</h1>\n").append(body).append("\n</main></body></html>\n");
        headers(ctx);
        ctx.contentType("text/html; charset=utf-8").result(html.toString());
    }

    static void headers(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
    }
}
