package dev.lethe.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.server.KeyVerifier;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.TestServers;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.store.LetheHome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native API end to end over an H2 home: import, train, predict, forget, receipts, ledger, audit, keys. */
class NativeApiTest {

    @TempDir
    Path dir;

    private LetheServer server;
    private ApiClient engineer;
    private ApiClient officer;
    private ApiClient controller;
    private ApiClient admin;
    /** Every body an engineer received: none may name a subject. */
    private final List<String> engineerSaw = new ArrayList<>();

    static final String CSV;

    static {
        StringBuilder csv = new StringBuilder("person,y,a,b\n");
        for (int i = 0; i < 60; i++) {
            csv.append("subject-").append(i % 12).append(',').append(i % 3 == 0 ? "yes" : "no").append(',')
                    .append(i * 0.5 + (i % 3 == 0 ? 10 : 0)).append(',').append((i * 7) % 5).append('\n');
        }
        CSV = csv.toString();
    }

    @BeforeEach
    void start() throws Exception {
        Ledger.initialiseIfNew(dir);
        java.nio.file.Files.createDirectories(dir.resolve("uploads"));
        java.nio.file.Files.writeString(dir.resolve("uploads").resolve("upload-left-by-a-crash.csv"), "person,y\nsubject-1,yes\n");
        LetheHome home = LetheHome.open(dir);
        KeyVerifier fixed = TestServers.fixed(Map.of("e.s", new Principal("e", Role.ENGINEER), "o.s", new Principal("o", Role.OFFICER),
                "c.s", new Principal("c", Role.CONTROLLER), "a.s", new Principal("a", Role.ADMIN)));
        ApiKeyStore stored = new ApiKeyStore(home.registry().database());
        KeyVerifier keys = (id, secret) -> fixed.verify(id, secret).or(() -> stored.verify(id, secret));
        ServerContext context = new ServerContext(home, Workflow.inHome(home), keys,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        server = LetheServer.create(context, ServerOptions.defaults(), ApiModules.all()).start("127.0.0.1", 0);
        engineer = new ApiClient(server, "e.s");
        officer = new ApiClient(server, "o.s");
        controller = new ApiClient(server, "c.s");
        admin = new ApiClient(server, "a.s");
    }

    @AfterEach
    void stop() {
        server.close();
        server.context().home().close();
    }

    private JsonNode asEngineer(HttpResponse<String> r) throws Exception {
        engineerSaw.add(r.body());
        return ApiClient.json(r);
    }

    private void importAndTrain() throws Exception {
        HttpResponse<String> started = engineer.send("POST", "/api/v1/datasets?name=people&label=y&subject=person", CSV, "text/csv");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/jobs/"));
        JsonNode imported = engineer.await(asEngineer(started));
        assertThat(imported.get("state").asText()).as(imported.toString()).isEqualTo("succeeded");
        assertThat(imported.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(imported.get("result").get("imported_records").asInt()).isEqualTo(60);
        assertThat(dir.resolve("uploads")).as("the upload, and one a crashed server left, are deleted").isEmptyDirectory();

        JsonNode trained = engineer.await(asEngineer(engineer.post("/api/v1/models",
                "{\"name\":\"m\",\"dataset\":\"people\",\"family\":\"nb\",\"holdout\":0.25,\"accuracy_margin\":1}")));
        assertThat(trained.get("state").asText()).as(trained.toString()).isEqualTo("succeeded");
        assertThat(trained.get("result").get("current_version").asInt()).isEqualTo(1);
    }

    @Test
    void engineersImportTrainInspectAndPredictWithoutEverSeeingASubject() throws Exception {
        importAndTrain();
        JsonNode datasets = asEngineer(engineer.get("/api/v1/datasets"));
        assertThat(datasets).singleElement().satisfies(d -> assertThat(d.get("live_records").asInt()).isEqualTo(60));
        JsonNode people = asEngineer(engineer.get("/api/v1/datasets/people"));
        assertThat(people.get("columns")).extracting(c -> c.get("name").asText()).containsExactly("a", "b");
        assertThat(people.get("target").get("levels")).extracting(JsonNode::asText).containsExactlyInAnyOrder("yes", "no");

        JsonNode model = asEngineer(engineer.get("/api/v1/models/m"));
        assertThat(model.get("family").asText()).isEqualTo("nb");
        assertThat(model.get("lineage").get("records_held").asInt()).isEqualTo(45);
        assertThat(asEngineer(engineer.get("/api/v1/models/m/versions"))).singleElement()
                .satisfies(v -> assertThat(v.get("cause").asText()).isEqualTo("trained"));
        assertThat(asEngineer(engineer.get("/api/v1/models/m/events"))).isEmpty();

        JsonNode predicted = asEngineer(engineer.post("/api/v1/models/m/predict",
                "{\"rows\":[{\"a\":30,\"b\":1},{\"a\":\"2.5\",\"b\":3,\"y\":\"ignored\"}]}"));
        assertThat(predicted.get("version").asInt()).isEqualTo(1);
        assertThat(predicted.get("predictions")).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("prediction").asText()).isIn("yes", "no");
            assertThat(p.get("p_yes").asDouble() + p.get("p_no").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            String predictedClass = p.get("prediction").asText();
            assertThat(p.get("p_" + predictedClass).asDouble()).isGreaterThanOrEqualTo(0.5);
        });

        HttpResponse<String> missing = engineer.post("/api/v1/models/m/predict", "{\"rows\":[{\"a\":1}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(missing).get("detail").asText()).isEqualTo("row 0: feature 'b' is missing");
        assertThat(engineer.get("/api/v1/models/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> badJob = engineer.post("/api/v1/models", "{\"name\":\"m2\",\"dataset\":\"people\",\"family\":\"no-such\"}");
        JsonNode failed = engineer.await(ApiClient.json(badJob));
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("error").get("status").asInt()).isEqualTo(400);
        assertThat(officer.get("/api/v1/jobs/" + failed.get("id").asText()).statusCode())
                .as("another role's job is not found").isEqualTo(404);

        assertThat(engineerSaw).isNotEmpty().noneMatch(body -> body.contains("subject-"));
    }

    @Test
    void officersAndControllersSubmitAndFollowRequestsToTheirReceiptsLedgerAndAudit() throws Exception {
        importAndTrain();
        HttpResponse<String> submitted = controller.post("/api/v1/requests", "{\"id\":\"T-1\",\"subject\":\"subject-3\"}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        assertThat(submitted.headers().firstValue("Location")).contains("/api/v1/requests/T-1");
        assertThat(controller.post("/api/v1/requests", "{\"id\":\"T-1\",\"subject\":\"subject-3\"}").statusCode())
                .as("resubmitting is harmless").isEqualTo(200);
        assertThat(officer.post("/api/v1/requests", "{\"id\":\"T-2\",\"records\":[1,2]}").statusCode()).isEqualTo(201);
        HttpResponse<String> two = officer.post("/api/v1/requests", "{\"subject\":\"x\",\"feature\":\"a\"}");
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(two).get("detail").asText()).contains("exactly one").contains("subject, feature");

        JsonNode status = ApiClient.json(officer.get("/api/v1/requests/T-1"));
        assertThat(status.get("state").asText()).isEqualTo("submitted");
        assertThat(status.get("overdue").asBoolean()).isFalse();
        JsonNode page = ApiClient.json(officer.get("/api/v1/requests?state=submitted&limit=1"));
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("items")).singleElement().satisfies(r -> assertThat(r.get("id").asText()).isEqualTo("T-1"));
        assertThat(page.get("next_offset").asInt()).isEqualTo(1);
        assertThat(ApiClient.json(officer.get("/api/v1/requests?kind=records")).get("items")).singleElement()
                .satisfies(r -> assertThat(r.get("id").asText()).isEqualTo("T-2"));
        assertThat(ApiClient.json(officer.get("/api/v1/requests?overdue=true")).get("total").asInt()).isZero();
        assertThat(officer.get("/api/v1/requests?state=lost").statusCode()).isEqualTo(400);
        assertThat(officer.get("/api/v1/requests/T-1/receipt").statusCode()).as("not done yet").isEqualTo(404);

        JsonNode audit = officer.await(ApiClient.json(officer.post("/api/v1/audits", "{\"model\":\"m\",\"shadows\":2}")));
        assertThat(audit.get("state").asText()).as(audit.toString()).isEqualTo("succeeded");
        assertThat(officer.get("/api/v1/jobs/" + audit.get("id").asText()).statusCode()).isEqualTo(200);
        HttpResponse<String> report = officer.get(audit.get("result").get("report").asText());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(report.body()).contains("<html");

        LetheHome home = server.context().home();
        try (Worker worker = new Worker(home.registry(), Worker.Config.defaults()
                .withSink(LedgerReceiptSink.inHome(home.dir(), home.registry())))) {
            assertThat(worker.drain()).isEqualTo(2);
        }
        assertThat(ApiClient.json(controller.get("/api/v1/requests/T-1")).get("state").asText()).isEqualTo("done");
        HttpResponse<String> receipt = officer.get("/api/v1/requests/T-1/receipt");
        assertThat(receipt.statusCode()).isEqualTo(200);
        JsonNode r = ApiClient.json(receipt);
        assertThat(r.get("records_erased").asInt()).isEqualTo(5);
        assertThat(r.get("models")).singleElement().satisfies(m -> {
            assertThat(m.get("model").asText()).isEqualTo("m");
            assertThat(m.get("version").asInt()).isEqualTo(2);
            assertThat(m.get("guarantee").asText()).isEqualTo("EXACT");
        });
        assertThat(asEngineer(engineer.post("/api/v1/models/m/predict", "{\"rows\":[{\"a\":1,\"b\":1}]}")).get("version").asInt())
                .as("predictions come from the post-forget version").isEqualTo(2);

        JsonNode ledger = ApiClient.json(officer.get("/api/v1/ledger"));
        assertThat(ledger.get("total").asInt()).isEqualTo(2);
        JsonNode verified = ApiClient.json(officer.get("/api/v1/ledger/verify"));
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("entries").asInt()).isEqualTo(2);
        HttpResponse<String> proof = officer.get("/api/v1/ledger/proof/T-1");
        assertThat(proof.statusCode()).as(proof.body()).isEqualTo(200);
        dev.lethe.audit.ledger.InclusionProof parsed = dev.lethe.audit.ledger.InclusionProof.parse(proof.body());
        assertThat(parsed.ledgerEntry().requestId()).isEqualTo("T-1");
        assertThat(parsed.verifies(Ledger.open(home.dir()).publicKey())).isTrue();
        assertThat(officer.get("/api/v1/ledger/proof/T-404").statusCode()).isEqualTo(404);
        assertThat(controller.get("/api/v1/ledger/proof/T-1").statusCode()).isEqualTo(403);

        JsonNode erased = officer.await(ApiClient.json(officer.post("/api/v1/audits", "{\"model\":\"m\"}")));
        assertThat(erased.get("state").asText()).isEqualTo("failed");
        assertThat(erased.get("error").get("status").asInt()).isEqualTo(422);
        assertThat(erased.get("error").get("detail").asText()).contains("since erased");

        for (String path : List.of("/api/v1/requests", "/api/v1/requests/T-1", "/api/v1/requests/T-1/receipt", "/api/v1/ledger",
                "/api/v1/ledger/proof/T-1")) {
            assertThat(officer.get(path).body()).as(path).doesNotContain("subject-3");
        }
    }

    @Test
    void administratorsManageKeysThatWorkUntilRevoked() throws Exception {
        HttpResponse<String> created = admin.post("/api/v1/keys", "{\"role\":\"engineer\",\"name\":\"ci\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = ApiClient.json(created);
        ApiClient fresh = new ApiClient(server, key.get("key").asText());
        assertThat(fresh.get("/api/v1/datasets").statusCode()).isEqualTo(200);
        assertThat(fresh.get("/api/v1/keys").statusCode()).isEqualTo(403);
        JsonNode listed = ApiClient.json(admin.get("/api/v1/keys"));
        assertThat(listed).singleElement().satisfies(k -> {
            assertThat(k.get("id").asText()).isEqualTo(key.get("id").asText());
            assertThat(k.has("key")).isFalse();
        });
        assertThat(admin.send("DELETE", "/api/v1/keys/" + key.get("id").asText(), null, null).statusCode()).isEqualTo(200);
        assertThat(fresh.get("/api/v1/datasets").statusCode()).isEqualTo(401);
        assertThat(admin.post("/api/v1/keys", "{\"role\":\"root\"}").statusCode()).isEqualTo(400);
    }
}
