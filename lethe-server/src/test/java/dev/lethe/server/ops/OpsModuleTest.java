package dev.lethe.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.RouteSpec;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.TestServers;
import dev.lethe.server.api.ApiModules;
import dev.lethe.store.LetheHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsModuleTest {

    @TempDir
    Path dir;

    private LetheServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = LetheServer.create(TestServers.context(dir, Map.of("o.s", new Principal("o", Role.OFFICER),
                "a.s", new Principal("a", Role.ADMIN), "e.s", new Principal("e", Role.ENGINEER))),
                ServerOptions.defaults(), ApiModules.all()).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        server.context().home().close();
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysWhetherTheRegistryAnswers() throws Exception {
        HttpResponse<String> up = send("GET", "/health", null, null);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(LetheServer.json().readTree(up.body()).get("registry").asText()).isEqualTo("up");
        server.context().home().registry().close();
        HttpResponse<String> down = send("GET", "/health", null, null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(LetheServer.json().readTree(down.body()).get("registry").asText()).isEqualTo("unreachable");
    }

    @Test
    void metricsCountRequestsBatchesForgetsAndHttpLatencyWithoutNamingSubjectsOrRequests() throws Exception {
        LetheHome home = server.context().home();
        Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.categorical("y", List.of("a", "b")), Task.CLASSIFICATION);
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {0, 1, 0, 1, 0, 1};
        String[] subjects = {"alice-7", "alice-7", "bob-9", "bob-9", "carol", "carol"};
        new Catalog(home.registry()).importDataset("d", Dataset.of(schema, x, y, new long[] {1, 2, 3, 4, 5, 6}, subjects), Map.of());
        new Catalog(home.registry()).train(Catalog.TrainSpec.of("m", "d", "nb"));
        for (String s : List.of("alice-7", "bob-9")) {
            assertThat(send("POST", "/api/v1/requests", "o.s", "{\"id\":\"REQ-" + s + "\",\"subject\":\"" + s + "\"}")
                    .statusCode()).isEqualTo(201);
        }
        assertThat(send("GET", "/api/v1/requests/REQ-bob-9", "o.s", null).statusCode()).isEqualTo(200);
        String before = send("GET", "/metrics", null, null).body();
        assertThat(before).contains("lethe_requests{state=\"submitted\"} 2.0").contains("lethe_requests_overdue 0.0");

        try (Worker worker = new Worker(home.registry(), Worker.Config.defaults()
                .withSink(LedgerReceiptSink.inHome(home.dir(), home.registry()))
                .withObserver(new WorkerMetrics(server.context().meters())))) {
            assertThat(worker.drain()).isEqualTo(2);
        }
        String after = send("GET", "/metrics", null, null).body();
        assertThat(after).contains("lethe_requests{state=\"done\"} 2.0").contains("lethe_requests{state=\"submitted\"} 0.0")
                .contains("lethe_batch_duration_seconds_count 1")
                .contains("lethe_forget_latency_seconds_count{family=\"nb\"} 1")
                .contains("lethe_ledger_appends_total 2.0")
                .contains("lethe_ledger_entries 2.0")
                .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/requests/{id}\",status=\"200\"");
        assertThat(after).doesNotContain("alice").doesNotContain("bob").doesNotContain("REQ-");
    }

    @Test
    void theOpenApiDocumentDescribesEveryApiRouteAndEveryDocumentedRouteAnswers() throws Exception {
        JsonNode doc = LetheServer.json().readTree(send("GET", "/openapi.json", null, null).body());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        JsonNode paths = doc.get("paths");
        List<RouteSpec> api = server.routes().stream().filter(r -> r.path().startsWith("/api/")).toList();
        assertThat(api).hasSizeGreaterThan(20);
        for (RouteSpec r : api) {
            JsonNode op = paths.path(r.path()).path(r.method().name().toLowerCase());
            assertThat(op.isObject()).as(r.method() + " " + r.path() + " documented").isTrue();
            assertThat(op.get("description").asText()).as(r.path()).isNotBlank();
            assertThat(op.get("x-lethe-roles")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(
                    r.roles().stream().map(role -> role.name().toLowerCase()).toList());
        }
        Map<Role, String> keys = Map.of(Role.OFFICER, "o.s", Role.ADMIN, "a.s", Role.ENGINEER, "e.s");
        int operations = 0;
        for (var path = paths.fields(); path.hasNext(); ) {
            var p = path.next();
            for (var method = p.getValue().fields(); method.hasNext(); ) {
                var m = method.next();
                operations++;
                String role = m.getValue().get("x-lethe-roles").get(0).asText();
                String key = role.equals("anyone") ? null : keys.getOrDefault(Role.valueOf(role.toUpperCase()), null);
                if (key == null && !role.equals("anyone")) {
                    role = m.getValue().get("x-lethe-roles").get(1).asText();
                    key = keys.get(Role.valueOf(role.toUpperCase()));
                }
                HttpResponse<String> r = send(m.getKey().toUpperCase(), p.getKey().replaceAll("\\{[^}]+}", "x"), key,
                        m.getKey().equals("get") || m.getKey().equals("delete") ? null : "{}");
                assertThat(r.statusCode()).as(m.getKey() + " " + p.getKey()).isNotEqualTo(405).isNotIn(401, 403);
                if (r.statusCode() == 404) {
                    assertThat(r.body()).as(m.getKey() + " " + p.getKey() + " is routed").doesNotContain("no route");
                }
            }
        }
        assertThat(operations).isEqualTo(api.size() + 3);
    }
}
