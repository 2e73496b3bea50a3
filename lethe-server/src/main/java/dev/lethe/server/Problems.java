package dev.lethe.server;

import com.fasterxml.jackson.core.JacksonException;
import dev.lethe.model.LetheException;
import dev.lethe.server.auth.RateLimitExceeded;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The one place where a failure becomes an HTTP answer. A {@link LetheException}'s kind alone
 * decides the status (not found 404, conflict 409, invalid input 400, refused 422, unavailable
 * 503, internal 500); anything else is a defect: 500 with a fixed detail, the stack trace going to
 * the log only. The body is an RFC 9457 problem, or the format a route family registered.
 */
public final class Problems {

    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private record Scoped(Predicate<Context> applies, ErrorFormat format) {}

    private static final String ANSWERED = "lethe.problem.answered";

    private final List<Scoped> formats = new ArrayList<>();

    /** Routes matching {@code applies} write their errors with {@code format}. */
    public void register(Predicate<Context> applies, ErrorFormat format) {
        formats.add(new Scoped(applies, format));
    }

    void install(RoutesConfig routes) {
        routes.exception(Exception.class, (e, ctx) -> answer(ctx, problemFor(e), e));
        routes.error(404, ctx -> answerIfUnanswered(ctx, HttpStatus.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path()));
        routes.error(405, ctx -> answerIfUnanswered(ctx, HttpStatus.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path()));
        routes.error(413, ctx -> answerIfUnanswered(ctx, HttpStatus.CONTENT_TOO_LARGE, "the body is larger than this server accepts"));
    }

    /** The problem for any exception, as every route family answers it. */
    public static Problem problemFor(Throwable e) {
        if (e instanceof LetheException le) {
            return of(statusOf(le.kind()), le.kind() == LetheException.Kind.INTERNAL
                    ? "internal error; the server log has the details" : le.getMessage());
        }
        if (e instanceof RateLimitExceeded limited) {
            return of(HttpStatus.TOO_MANY_REQUESTS, limited.getMessage());
        }
        if (e instanceof RouteTable.AccessDenied denied) {
            return of(denied.status(), denied.getMessage());
        }
        if (e instanceof HttpResponseException http) {
            HttpStatus status = HttpStatus.forStatus(http.getStatus());
            return of(status, http.getMessage() == null || http.getMessage().isBlank() ? status.getMessage() : http.getMessage());
        }
        if (e instanceof JacksonException) {
            return of(HttpStatus.BAD_REQUEST, "the body is not valid JSON of the expected shape");
        }
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details");
    }

    /** The HTTP status for each kind of Lethe failure. */
    public static HttpStatus statusOf(LetheException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case REFUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** A problem with the standard type and title for {@code status}. */
    public static Problem of(HttpStatus status, String detail) {
        String slug = status.getMessage().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return new Problem("/problems/" + slug, status.getMessage(), status.getCode(), detail);
    }

    /** Javalin's own 404/405/413 answers are plain text; replace them unless a handler already answered. */
    private void answerIfUnanswered(Context ctx, HttpStatus status, String detail) {
        if (ctx.attribute(ANSWERED) == null) {
            answer(ctx, of(status, detail), null);
        }
    }

    private void answer(Context ctx, Problem problem, Throwable cause) {
        if (problem.status() >= 500 && cause != null) {
            LOG.log(System.Logger.Level.ERROR, ctx.method() + " " + ctx.path() + " failed", cause);
        }
        ctx.status(problem.status());
        ctx.attribute(ANSWERED, Boolean.TRUE);
        if (cause instanceof RateLimitExceeded limited) {
            ctx.header(Header.RETRY_AFTER, Long.toString(limited.retryAfterSeconds())); // RFC 6585 section 4
        }
        for (Scoped scoped : formats) {
            if (scoped.applies().test(ctx)) {
                scoped.format().write(ctx, problem, cause);
                return;
            }
        }
        ctx.json(problem).contentType(Problem.MEDIA_TYPE);
    }
}
