package dev.lethe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.model.ConflictException;
import dev.lethe.model.InternalException;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.NotFoundException;
import dev.lethe.model.RefusedException;
import dev.lethe.model.UnavailableException;
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

class LetheServerTest {

    @TempDir
    Path dir;

    private LetheServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Routes that fail in each way the taxonomy knows, and two guarded ones. */
    private static final ServerModule PROBE = (routes, problems, ctx) -> routes
            .get("/probe/public", "public", c -> c.result("hello"), Role.ANYONE)
            .get("/probe/officer", "officer only", c -> c.result(RouteTable.principal(c).keyId()), Role.OFFICER)
            .get("/probe/not-found", "fails", c -> { throw new NotFoundException("no request 'r1'"); }, Role.ANYONE)
            .get("/probe/conflict", "fails", c -> { throw new ConflictException("held"); }, Role.ANYONE)
            .get("/probe/invalid", "fails", c -> { throw new InvalidInputException("bad flag"); }, Role.ANYONE)
            .get("/probe/refused", "fails", c -> { throw new RefusedException("budget spent"); }, Role.ANYONE)
            .get("/probe/unavailable", "fails", c -> { throw new UnavailableException("database down"); }, Role.ANYONE)
            .get("/probe/internal", "fails", c -> { throw new InternalException("secret subject s-42"); }, Role.ANYONE)
            .get("/probe/defect", "fails", c -> { throw new IllegalStateException("s-42 leaked"); }, Role.ANYONE)
            .post("/probe/echo", "echo", c -> c.result(String.valueOf(c.bodyAsBytes().length)), Role.ANYONE);

    @BeforeEach
    void start() {
        ServerContext context = TestServers.context(dir, Map.of("k1.officer-secret", new Principal("k1", Role.OFFICER),
                "k2.engineer-secret", new Principal("k2", Role.ENGINEER)));
        server = LetheServer.create(context, new ServerOptions(1000), List.of(PROBE)).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        server.context().home().close();
    }

    @Test
    void eachKindOfFailureHasItsStatusAndAProblemBody() throws Exception {
        Map<String, Integer> expected = Map.of("not-found", 404, "conflict", 409, "invalid", 400,
                "refused", 422, "unavailable", 503, "internal", 500, "defect", 500);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpResponse<String> response = get("/probe/" + e.getKey(), null);
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
            JsonNode body = LetheServer.json().readTree(response.body());
            assertThat(body.get("status").asInt()).isEqualTo(e.getValue());
            assertThat(body.get("type").asText()).startsWith("/problems/");
            assertThat(body.get("title").asText()).isNotBlank();
            assertThat(response.body()).doesNotContain("s-42").doesNotContain("Exception").doesNotContain("at dev.");
        }
        assertThat(LetheServer.json().readTree(get("/probe/not-found", null).body()).get("detail").asText())
                .isEqualTo("no request 'r1'");
    }

    @Test
    void unknownRoutesAnswer404AsAProblem() throws Exception {
        HttpResponse<String> response = get("/no/such/route", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(LetheServer.json().readTree(response.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void guardedRoutesNeedAKeyOfAnAdmittedRole() throws Exception {
        assertThat(get("/probe/officer", null).statusCode()).isEqualTo(401);
        assertThat(get("/probe/officer", "k1.wrong-secret").statusCode()).isEqualTo(401);
        assertThat(get("/probe/officer", "k2.engineer-secret").statusCode()).isEqualTo(403);
        HttpResponse<String> ok = get("/probe/officer", "k1.officer-secret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("k1");
        assertThat(get("/probe/public", null).body()).isEqualTo("hello");
        String basic = java.util.Base64.getEncoder().encodeToString("k1:officer-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest viaBasic = HttpRequest.newBuilder(uri("/probe/officer")).header("Authorization", "Basic " + basic).build();
        assertThat(http.send(viaBasic, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("k1");
    }

    @Test
    void oversizedBodiesAreRefusedWith413() throws Exception {
        HttpRequest small = HttpRequest.newBuilder(uri("/probe/echo")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(500))).build();
        assertThat(http.send(small, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("500");
        HttpRequest big = HttpRequest.newBuilder(uri("/probe/echo")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).build();
        HttpResponse<String> response = http.send(big, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void everyRouteIsRecordedWithItsRolesAndNoRouteIsPublicByOmission() {
        assertThat(server.routes()).extracting(RouteSpec::path).contains("/probe/public", "/probe/officer");
        assertThat(server.routes()).filteredOn(r -> r.path().equals("/probe/officer")).singleElement()
                .satisfies(r -> assertThat(r.roles()).containsExactly(Role.OFFICER));
        ServerModule careless = (routes, problems, ctx) -> routes.get("/oops", "no roles", c -> {});
        assertThatThrownBy(() -> LetheServer.create(server.context(), ServerOptions.defaults(), List.of(careless)))
                .hasMessageContaining("names no role");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
