package dev.lethe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.server.api.ApiModules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every registered route with no key, with a wrong key, and with a key of every role: 401
 * without valid credentials, 403 for a role the route does not admit, neither for an admitted
 * role (public routes answer everyone). The modules are every module of the server this branch
 * knows; add a module here when one is added to the server.
 */
class RouteAccessTest {

    @TempDir
    Path dir;

    private LetheServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Role, String> keys = new EnumMap<>(Role.class);

    static List<ServerModule> allModules() {
        return ApiModules.all();
    }

    @BeforeEach
    void start() {
        Map<String, Principal> printed = new java.util.HashMap<>();
        for (Role role : Role.values()) {
            if (role != Role.ANYONE) {
                String id = role.name().toLowerCase();
                keys.put(role, id + ".secret");
                printed.put(id + ".secret", new Principal(id, role));
            }
        }
        server = LetheServer.create(TestServers.context(dir, printed), ServerOptions.defaults(), allModules())
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        server.context().home().close();
    }

    @Test
    void everyRouteAdmitsExactlyItsRoles() throws Exception {
        assertThat(server.routes()).hasSizeGreaterThan(20);
        List<String> wrong = new ArrayList<>();
        for (RouteSpec route : server.routes()) {
            String name = route.method() + " " + route.path();
            check(wrong, name + " without a key", call(route, null), route.isPublic() ? null : 401);
            check(wrong, name + " with a wrong secret", call(route, "officer.wrong"), route.isPublic() ? null : 401);
            for (Map.Entry<Role, String> key : keys.entrySet()) {
                boolean admitted = route.isPublic() || route.roles().contains(key.getKey());
                check(wrong, name + " as " + key.getKey(), call(route, key.getValue()), admitted ? null : 403);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** {@code expected} null: any answer but 401 and 403. */
    private static void check(List<String> wrong, String what, int status, Integer expected) {
        boolean ok = expected == null ? status != 401 && status != 403 : status == expected;
        if (!ok) {
            wrong.add(what + ": " + status + (expected == null ? "" : ", expected " + expected));
        }
    }

    private int call(RouteSpec route, String key) throws Exception {
        String path = route.path().replaceAll("\\{[^}]+}", "none");
        boolean hasBody = route.method().name().equals("POST") || route.method().name().equals("PUT");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(route.method().name(), hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
