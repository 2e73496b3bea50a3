package dev.lethe.server.api;

import dev.lethe.server.RouteTable;
import dev.lethe.server.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * Registers the native API's routes under {@code /api/v1} in the server's {@link RouteTable}, and
 * each route's longer description for the OpenAPI document in {@link ApiDescriptions}.
 */
public final class ApiRoutes {

    /** Where the native API lives. */
    public static final String PREFIX = "/api/v1";

    private final RouteTable routes;
    private final ApiDescriptions descriptions;

    ApiRoutes(RouteTable routes, ApiDescriptions descriptions) {
        this.routes = routes;
        this.descriptions = descriptions;
    }

    ApiRoutes get(String path, String summary, ApiDescriptions.Doc doc, Handler handler, Role... roles) {
        return add(HandlerType.GET, path, summary, doc, handler, roles);
    }

    ApiRoutes post(String path, String summary, ApiDescriptions.Doc doc, Handler handler, Role... roles) {
        return add(HandlerType.POST, path, summary, doc, handler, roles);
    }

    ApiRoutes delete(String path, String summary, ApiDescriptions.Doc doc, Handler handler, Role... roles) {
        return add(HandlerType.DELETE, path, summary, doc, handler, roles);
    }

    private ApiRoutes add(HandlerType method, String path, String summary, ApiDescriptions.Doc doc, Handler handler,
                          Role... roles) {
        routes.add(method, PREFIX + path, summary, handler, roles);
        descriptions.put(method, PREFIX + path, doc);
        return this;
    }
}
