package dev.lethe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.server.opendsr.IdentityMap;
import dev.lethe.server.opendsr.OpenDsrService;
import dev.lethe.server.opendsr.ProcessorIdentity;
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
 * role (public routes answer everyone). The modules are those {@code lethe serve} runs
 * ({@link ServerAssembly#modules}). The dashboard's pages under /ui take no API key at all: without
 * a signed-in session they send the browser to the sign-in form (303), whatever key is sent; their
 * roles are walked through sessions in the dashboard's own tests.
 */
class RouteAccessTest {

    @TempDir
    Path dir;

    private LetheServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Role, String> keys = new EnumMap<>(Role.class);

    static List<ServerModule> allModules(ServerContext context, Path dir) {
        OpenDsrService openDsr = new OpenDsrService(context, ProcessorIdentity.selfSigned("localhost",
                ServerAssembly.Settings.defaults().algorithm()), IdentityMap.customerIds());
        return ServerAssembly.modules(context, openDsr, ServerAssembly.Settings.defaults());
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
        ServerContext context = TestServers.context(dir, printed);
        server = LetheServer.create(context, ServerOptions.defaults(), allModules(context, dir)).start("127.0.0.1", 0);
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
            if (route.path().startsWith("/ui/") && route.isPublic() && route.method().name().equals("POST")) {
                // a public form (sign-in) still needs its CSRF token, which a bare request does not have
                check(wrong, name + " without the form's CSRF token", call(route, keys.get(Role.OFFICER)), 403);
                continue;
            }
            if (route.path().startsWith("/ui/") && !route.isPublic()) {
                check(wrong, name + " without a session", call(route, null), 303);
                for (Map.Entry<Role, String> key : keys.entrySet()) {
                    check(wrong, name + " with only an API key as " + key.getKey(), call(route, key.getValue()), 303);
                }
                continue;
            }
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
