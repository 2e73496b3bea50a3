package dev.lethe.server;

import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * One registered route: its method, its path in Javalin's syntax ({@code /requests/{id}}), the
 * roles it admits and a one-line summary. The route table keeps these so tests can walk every
 * route with every role, and the OpenAPI document can be checked against what really answers.
 */
public record RouteSpec(HandlerType method, String path, Set<Role> roles, String summary) {
    public RouteSpec {
        roles = Set.copyOf(roles);
    }

    /** True when the route needs no key. */
    public boolean isPublic() {
        return roles.contains(Role.ANYONE);
    }
}
