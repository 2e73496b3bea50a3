package dev.lethe.server.dashboard;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.server.Problem;
import dev.lethe.server.Problems;
import dev.lethe.server.Role;
import dev.lethe.server.RouteTable;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerModule;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * The dashboard: server-rendered pages under {@code /ui} for the data-protection officer and the
 * engineers, reading the registry, the workflow and the ledger directly. People sign in with an API
 * key and then carry a session cookie ({@link Sessions}); every form is protected by a CSRF token
 * ({@link Csrf}). What each role sees:
 * <ul>
 *   <li>{@code officer}: everything, and may reveal the subject ID of an open request, which the
 *       ledger records ({@link Ledger#appendReveal});</li>
 *   <li>{@code engineer}: the overview, requests and models, with subjects shown only as
 *       "pseudonymised" (not even the keyed hash: it is still personal data, GDPR Recital 26), and no
 *       ledger;</li>
 *   <li>{@code admin}: the overview only (aggregate figures; an administrator manages keys, it does
 *       not read requests);</li>
 *   <li>{@code controller}: may not sign in; its keys belong to privacy tooling, not to a browser.</li>
 * </ul>
 * Errors on dashboard routes are HTML pages; a route that needs a session sends the browser to the
 * sign-in form instead of answering 401.
 */
public final class DashboardModule implements ServerModule {

    /** Roles that may sign in. */
    static final Set<Role> PEOPLE = Set.of(Role.OFFICER, Role.ENGINEER, Role.ADMIN);
    /** Roles that read requests and models. */
    static final Set<Role> READERS = Set.of(Role.OFFICER, Role.ENGINEER);

    /** Default idle timeout of a session. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** Default absolute lifetime of a session. */
    public static final Duration ABSOLUTE = Duration.ofHours(12);

    private final Duration idle;
    private final Duration absolute;
    private final AuditReports audits;

    /** The dashboard with the default session timeouts and no audit reports. */
    public DashboardModule() {
        this(IDLE, ABSOLUTE, AuditReports.NONE);
    }

    /**
     * A dashboard whose sessions end after {@code idle} without use, or {@code absolute} after
     * sign-in, and whose Models page lists the reports {@code audits} holds.
     */
    public DashboardModule(Duration idle, Duration absolute, AuditReports audits) {
        this.idle = idle;
        this.absolute = absolute;
        this.audits = audits;
    }

    @Override
    public void register(RouteTable api, Problems problems, ServerContext context) {
        Sessions sessions = new Sessions(context.clock(), idle, absolute);
        RouteTable routes = api.authenticatedBy(sessions);
        problems.register(ctx -> ctx.path().equals("/ui") || ctx.path().startsWith("/ui/"),
                (ctx, problem, cause) -> errorPage(ctx, sessions, problem));
        Ledger ledger = Ledger.open(context.home());
        DashboardData data = new DashboardData(context.home().registry(), context.clock());
        SignIn signIn = new SignIn(sessions, context.keys());
        Reveal reveal = new Reveal(context.home().registry(), ledger);
        OverviewPage overview = new OverviewPage(data);
        RequestsPage requests = new RequestsPage(data);
        LedgerCheck check = new LedgerCheck(ledger, data);
        RequestPage request = new RequestPage(data, ledger, check);
        ModelsPage models = new ModelsPage(data, audits);
        LedgerPage ledgerPage = new LedgerPage(ledger, check);
        Role[] people = PEOPLE.toArray(Role[]::new);
        Role[] readers = READERS.toArray(Role[]::new);

        routes.get("/ui", "dashboard home", ctx -> ctx.redirect("/ui/overview", HttpStatus.SEE_OTHER), Role.ANYONE)
                .get("/ui/static/dashboard.css", "the dashboard's stylesheet", DashboardModule::stylesheet, Role.ANYONE)
                .get("/ui/sign-in", "sign-in form", signIn::form, Role.ANYONE)
                .post("/ui/sign-in", "sign in with an API key", signIn::submit, Role.ANYONE)
                .post("/ui/sign-out", "sign out", checked(sessions, signIn::signOut), people)
                .get("/ui/overview", "open and overdue requests, completion time, forgets per day",
                        page(sessions, overview::render), people)
                .get("/ui/requests", "requests with filters and pagination",
                        page(sessions, requests::render), readers)
                .get("/ui/requests/{id}", "a request's timeline, receipts and ledger proof",
                        page(sessions, request::render), readers)
                .post("/ui/requests/{id}/reveal", "reveal a request's subject ID (recorded in the ledger)",
                        checked(sessions, reveal::handle), Role.OFFICER)
                .get("/ui/models", "model families, versions, forgets and events",
                        page(sessions, models::render), readers)
                .get("/ui/models/{name}/audits/{id}", "a model's audit report",
                        page(sessions, models::report), readers)
                .get("/ui/ledger", "ledger verification and entries",
                        page(sessions, ledgerPage::render), Role.OFFICER);
        requests.prime();
        overview.prime();
    }

    /** A page handler that is given the caller's session. */
    @FunctionalInterface
    interface PageHandler {
        void handle(Context ctx, Session session) throws Exception;
    }

    private static Handler page(Sessions sessions, PageHandler page) {
        return ctx -> page.handle(ctx, sessions.current(ctx).orElseThrow());
    }

    /** A form handler that runs only when the post carries its session's CSRF token. */
    private static Handler checked(Sessions sessions, PageHandler form) {
        return ctx -> {
            Session session = sessions.current(ctx).orElse(null);
            Csrf.require(session, ctx.formParam(Csrf.FIELD));
            form.handle(ctx, session);
        };
    }

    private static void stylesheet(Context ctx) {
        try (InputStream css = DashboardModule.class.getResourceAsStream("dashboard.css")) {
            ctx.header("Cache-Control", "max-age=3600");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType("text/css; charset=utf-8").result(css.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Errors as pages; a missing or expired session goes to the sign-in form. */
    private static void errorPage(Context ctx, Sessions sessions, Problem problem) {
        if (problem.status() == HttpStatus.UNAUTHORIZED.getCode()) {
            Layout.headers(ctx);
            ctx.redirect("/ui/sign-in", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(problem.status());
        Session session = sessions.current(ctx).filter(s -> s.principal().isPresent()).orElse(null);
        Layout.render(ctx, session, problem.title(), "<p class=\"problem\">" + Html.text(problem.detail()) + "</p>"
                + "<p><a href=\"/ui/overview\">Back to the overview</a></p>");
    }
}
