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
        printed.put("controller2.secret", new Principal("controller2", Role.CONTROLLER));
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

    @Test
    void aControllerReadsOnlyTheRequestsItSubmittedAndAnOfficerReadsThemAll() throws Exception {
        String mine = keys.get(Role.CONTROLLER);
        String other = "controller2.secret";
        String officer = keys.get(Role.OFFICER);
        assertThat(send("POST", "/api/v1/requests", mine, "{\"id\":\"A-1\",\"subject\":\"s-1\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/requests", mine, "{\"id\":\"A-2\",\"feature\":\"age\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/requests", other, "{\"id\":\"B-1\",\"subject\":\"s-2\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/requests", officer, "{\"id\":\"O-1\",\"records\":[7]}").statusCode()).isEqualTo(201);
        // an OpenDSR erasure of the first controller, carried out by workflow request D-1
        server.context().workflow().submit("D-1", new dev.lethe.model.ForgetRequest.Subject("s-3"));
        server.context().home().registry().database().transaction(c -> {
            try (var ps = c.createStatement()) {
                ps.executeUpdate("INSERT INTO opendsr_requests (subject_request_id, controller_id, request_type, regulation, fingerprint, "
                        + "callback_urls, received_at, due_at) VALUES ('00000000-0000-4000-8000-000000000001', 'controller', 'erasure', "
                        + "'gdpr', 'f', '', 0, 0)");
                ps.executeUpdate("INSERT INTO opendsr_parts (subject_request_id, request_id) VALUES "
                        + "('00000000-0000-4000-8000-000000000001', 'D-1')");
            }
            return null;
        });

        assertThat(listed(mine, "")).containsExactly("A-1", "A-2", "D-1");
        assertThat(listed(mine, "?kind=subject")).containsExactly("A-1", "D-1");
        assertThat(listed(other, "")).containsExactly("B-1");
        assertThat(listed(officer, "")).containsExactly("A-1", "A-2", "B-1", "O-1", "D-1");
        assertThat(send("GET", "/api/v1/requests/A-1", mine, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/requests/D-1", mine, null).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = send("GET", "/api/v1/requests/B-1", mine, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).as("as if it did not exist").contains("unknown request 'B-1'");
        assertThat(send("GET", "/api/v1/requests/O-1", mine, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/requests/B-1", officer, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/requests", mine, "{\"id\":\"A-1\",\"subject\":\"s-1\"}").statusCode())
                .as("resubmitting its own request is harmless").isEqualTo(200);
        HttpResponse<String> taken = send("POST", "/api/v1/requests", other, "{\"id\":\"A-1\",\"subject\":\"s-1\"}");
        assertThat(taken.statusCode()).as("another controller's request ID is taken, not shown").isEqualTo(409);
        assertThat(taken.body()).doesNotContain("submitted").doesNotContain("s-1");
    }

    private List<String> listed(String key, String query) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/requests" + query, key, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        LetheServer.json().readTree(r.body()).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private HttpResponse<String> send(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + key);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
