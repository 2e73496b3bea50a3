package dev.lethe.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where every module registers its routes. Each route must name the roles it admits (or
 * {@link Role#ANYONE}); the table wraps its handler so the caller is authenticated and the role
 * checked before the handler runs (401 without valid credentials, 403 with the wrong role), and it
 * remembers every route for the role walk and the OpenAPI check.
 */
public final class RouteTable {

    private static final String PRINCIPAL = "lethe.principal";

    private final RoutesConfig routes;
    private final Authenticator authenticator;
    private final List<RouteSpec> specs;

    RouteTable(RoutesConfig routes, Authenticator authenticator) {
        this(routes, authenticator, new ArrayList<>());
    }

    private RouteTable(RoutesConfig routes, Authenticator authenticator, List<RouteSpec> specs) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.specs = specs;
    }

    /**
     * The same table, but routes registered through the returned view authenticate their callers
     * with {@code other} (the dashboard's session cookie) instead of the API key header.
     */
    public RouteTable authenticatedBy(Authenticator other) {
        return new RouteTable(routes, other, specs);
    }

    public RouteTable get(String path, String summary, Handler handler, Role... roles) {
        return add(HandlerType.GET, path, summary, handler, roles);
    }

    public RouteTable post(String path, String summary, Handler handler, Role... roles) {
        return add(HandlerType.POST, path, summary, handler, roles);
    }

    public RouteTable put(String path, String summary, Handler handler, Role... roles) {
        return add(HandlerType.PUT, path, summary, handler, roles);
    }

    public RouteTable delete(String path, String summary, Handler handler, Role... roles) {
        return add(HandlerType.DELETE, path, summary, handler, roles);
    }

    /** Registers a route; refuses one that names no role, so no route is public by omission. */
    public RouteTable add(HandlerType method, String path, String summary, Handler handler, Role... roles) {
        if (roles.length == 0) {
            throw new IllegalArgumentException(method + " " + path + " names no role; use Role.ANYONE for a public route");
        }
        Set<Role> admitted = EnumSet.of(roles[0], roles);
        if (admitted.contains(Role.ANYONE) && admitted.size() > 1) {
            throw new IllegalArgumentException(method + " " + path + " mixes Role.ANYONE with key roles");
        }
        specs.add(new RouteSpec(method, path, admitted, summary));
        routes.addHttpHandler(method, path, guarded(admitted, handler), roles);
        return this;
    }

    /** Every route registered so far, in registration order. */
    public List<RouteSpec> specs() {
        return Collections.unmodifiableList(specs);
    }

    /** The caller of a route that admits key roles (set by the table before the handler runs). */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal on a public route");
        }
        return principal;
    }

    /** The caller when a route is public but a key was sent anyway (e.g. the dashboard's pages). */
    public static Optional<Principal> optionalPrincipal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    private Handler guarded(Set<Role> admitted, Handler handler) {
        if (admitted.contains(Role.ANYONE)) {
            return ctx -> {
                authenticator.authenticate(ctx).ifPresent(p -> ctx.attribute(PRINCIPAL, p));
                handler.handle(ctx);
            };
        }
        return ctx -> {
            Principal principal = authenticator.authenticate(ctx)
                    .orElseThrow(() -> new AccessDenied(HttpStatus.UNAUTHORIZED, "a valid API key is required"));
            if (!admitted.contains(principal.role())) {
                throw new AccessDenied(HttpStatus.FORBIDDEN,
                        "the " + principal.role().name().toLowerCase() + " role may not call this route");
            }
            ctx.attribute(PRINCIPAL, principal);
            handler.handle(ctx);
        };
    }

    /** Thrown before a handler runs when the caller may not call it; {@link Problems} answers it. */
    public static final class AccessDenied extends RuntimeException {
        private final HttpStatus status;

        public AccessDenied(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }

        public HttpStatus status() {
            return status;
        }
    }
}
