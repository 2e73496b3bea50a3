package dev.lethe.server.opendsr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.data.Dataset;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.server.KeyVerifier;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.testing.RandomData;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every MUST of OpenDSR 2.0 sections 5–9, through HTTP, with a simulated controller. */
class OpenDsrApiTest {

    static final Dataset DATA = RandomData.classification(7, 90, 3, 1, 2);
    static final String KEY = "c1.controller-secret";

    @TempDir
    Path dir;

    LetheHome home;
    ServerContext context;
    OpenDsrService service;
    LetheServer server;
    SimulatedController controller;
    DatasetInfo people;

    @BeforeEach
    void start() throws Exception {
        Ledger.initialiseIfNew(dir);
        home = LetheHome.open(dir);
        Catalog catalog = new Catalog(home.registry());
        people = catalog.importDataset("people", DATA, Map.of());
        catalog.train(Catalog.TrainSpec.of("nb1", "people", "nb"));
        Map<String, Principal> keys = Map.of(KEY, new Principal("c1", Role.CONTROLLER),
                "c2.other-secret", new Principal("c2", Role.CONTROLLER), "e1.engineer-secret", new Principal("e1", Role.ENGINEER));
        KeyVerifier verifier = (id, secret) -> Optional.ofNullable(keys.get(id + "." + secret));
        context = new ServerContext(home, Workflow.inHome(home), verifier, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC());
        service = new OpenDsrService(context, ProcessorIdentity.selfSigned("processor.test", SignatureAlgorithm.ECDSA_P256),
                new IdentityMap(Map.of("people", Set.of("controller_customer_id", "email"))));
        server = LetheServer.create(context, new ServerOptions(64 * 1024), List.of(new OpenDsrModule(service, null)))
                .start("127.0.0.1", 0);
        controller = new SimulatedController(url(), KEY, 0);
    }

    @AfterEach
    void stop() {
        controller.close();
        server.close();
        home.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    static String request(String id, String type, String identityType, String value, String format, String callback) {
        return "{\"subject_request_id\":\"" + id + "\",\"subject_request_type\":\"" + type + "\",\"regulation\":\"gdpr\","
                + "\"submitted_time\":\"2026-12-01T10:00:00Z\",\"api_version\":\"2.0\",\"subject_identities\":[{\"identity_type\":\""
                + identityType + "\",\"identity_value\":\"" + value + "\",\"identity_format\":\"" + format + "\"}]"
                + (callback == null ? "" : ",\"status_callback_urls\":[\"" + callback + "\"]") + "}";
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return LetheServer.json().readTree(response.body());
    }

    int drain() {
        try (Worker worker = new Worker(home.registry(), Worker.Config.defaults()
                .withSink(LedgerReceiptSink.inHome(home.dir(), home.registry())))) {
            return worker.drain();
        }
    }

    long recordsOf(String subject) {
        return IntStream.range(0, DATA.size()).filter(i -> subject.equals(DATA.subjectId(i))).count();
    }

    @Test
    void discoveryNamesVersionIdentitiesTypesAndTheCertificateItIsSignedWith() throws Exception {
        HttpResponse<String> response = controller.send("GET", "/discovery", null, false);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(controller.verify(response)).isTrue();
        assertThat(response.headers().firstValue("X-OpenDSR-Processor-Domain")).hasValue("processor.test");
        assertThat(response.headers().firstValue("X-OpenGDPR-Processor-Domain")).hasValue("processor.test");
        assertThat(response.headers().firstValue("X-OpenGDPR-Signature")).isEqualTo(response.headers().firstValue("X-OpenDSR-Signature"));
        JsonNode body = json(response);
        assertThat(body.get("api_version").asText()).isEqualTo("2.0");
        assertThat(body.get("supported_subject_request_types")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("access", "portability", "erasure");
        assertThat(body.get("supported_identities")).hasSize(8)
                .anySatisfy(i -> assertThat(i.get("identity_type").asText() + "/" + i.get("identity_format").asText()).isEqualTo("email/sha256"));
        assertThat(body.get("processor_certificate").asText()).isEqualTo(url() + "/cert.pem");
        assertThat(controller.certificate().getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo("processor.test"));
        assertThat(controller.send("GET", "/v2/discovery", null, false).statusCode()).isEqualTo(200);
        HttpResponse<String> status = controller.send("GET", "/status", null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(controller.verify(status)).isTrue();
    }

    @Test
    void anErasureGoesToCompletedWithSignedCallbacksAReceiptAndTheLedgerEntry() throws Exception {
        String id = UUID.randomUUID().toString();
        String subject = DATA.subjectId(0);
        String body = request(id, "erasure", "controller_customer_id", subject, "raw", controller.callbackUrl());
        HttpResponse<String> created = controller.send("POST", "/requests", body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(controller.verify(created)).isTrue();
        JsonNode answer = json(created);
        assertThat(answer.get("controller_id").asText()).isEqualTo("c1");
        assertThat(answer.get("subject_request_id").asText()).isEqualTo(id);
        assertThat(new String(Base64.getDecoder().decode(answer.get("encoded_request").asText()), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(java.time.Instant.parse(answer.get("expected_completion_time").asText()))
                .isEqualTo(context.workflow().status(id).dueAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(java.time.Instant.parse(answer.get("received_time").asText())).isNotNull();
        ObjectNode unsigned = ((ObjectNode) answer).deepCopy();
        String processorSignature = unsigned.remove("processor_signature").asText();
        assertThat(controller.verify(LetheServer.json().writeValueAsBytes(unsigned), processorSignature)).isTrue();

        JsonNode pending = json(controller.send("GET", "/requests/" + id, null));
        assertThat(pending.get("request_status").asText()).isEqualTo("pending");
        CallbackDispatcher callbacks = new CallbackDispatcher(service, url(), Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofMillis(5));
        callbacks.tick();

        assertThat(drain()).isEqualTo(1);
        callbacks.tick();
        HttpResponse<String> done = controller.send("GET", "/requests/" + id, null);
        assertThat(controller.verify(done)).isTrue();
        JsonNode status = json(done);
        assertThat(status.get("request_status").asText()).isEqualTo("completed");
        JsonNode ext = status.get("extensions").get("processor.test");
        assertThat(ext.get("records_erased").asLong()).isEqualTo(recordsOf(subject)).isPositive();
        JsonNode model = ext.get("models").get(0);
        assertThat(model.get("model").asText()).isEqualTo("nb1");
        assertThat(model.get("version").asInt()).isEqualTo(home.registry().models().get("nb1").currentVersion()).isGreaterThan(1);
        assertThat(model.get("records_forgotten").asLong()).isEqualTo(recordsOf(subject));
        assertThat(model.get("guarantee").asText()).isEqualTo("EXACT");
        LedgerEntry entry = Ledger.open(dir).find(id).orElseThrow();
        assertThat(model.get("ledger_entry").asLong()).isEqualTo(entry.seq());
        assertThat(model.get("ledger_hash").asText()).isEqualTo(entry.hash());

        assertThat(controller.callbacks).extracting(SimulatedController.Received::verified).containsOnly(true);
        assertThat(controller.callbacks).extracting(r -> r.body().get("request_status").asText()).containsExactly("pending", "completed");
        JsonNode last = controller.callbacks.get(1).body();
        assertThat(last.get("status_callback_url").asText()).isEqualTo(controller.callbackUrl());
        assertThat(last.get("subject_request_id").asText()).isEqualTo(id);
        assertThat(last.get("controller_id").asText()).isEqualTo("c1");
        assertThat(last.get("expected_completion_time").asText()).isEqualTo(status.get("expected_completion_time").asText());
        assertThat(controller.callbacks).extracting(SimulatedController.Received::domain).containsOnly("processor.test");
        callbacks.tick();
        assertThat(controller.callbacks).hasSize(2);
        assertThat(callbacks.undelivered()).isZero();
    }

    @Test
    void aRepeatedRequestIsIdempotentAndADifferentOneUnderItsIdIsRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = request(id, "erasure", "controller_customer_id", DATA.subjectId(1), "raw", null);
        JsonNode first = json(controller.send("POST", "/requests", body));
        HttpResponse<String> again = controller.send("POST", "/requests", body);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json(again).get("received_time")).isEqualTo(first.get("received_time"));
        assertThat(context.workflow().requests(false, 100)).hasSize(1);
        HttpResponse<String> other = controller.send("POST", "/requests", request(id, "erasure", "controller_customer_id", DATA.subjectId(2), "raw", null));
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json(other).get("error").get("message").asText()).contains("already used").doesNotContain(DATA.subjectId(2));
        assertThat(context.workflow().requests(false, 100)).hasSize(1);
    }

    @Test
    void concurrentSubmissionsAreAnsweredOnlyOnceCommittedAndNoneIsLost() throws Exception {
        int clients = 12;
        int each = 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            sent.add(pool.submit(() -> {
                int accepted = 0;
                for (int i = 0; i < each; i++) {
                    String id = UUID.randomUUID().toString();
                    String subject = DATA.subjectId((client * each + i) % DATA.size());
                    HttpResponse<String> response = controller.send("POST", "/requests",
                            request(id, "erasure", "controller_customer_id", subject, "raw", null));
                    assertThat(response.statusCode()).isEqualTo(201);
                    // answered 201: its rows are committed, so any other connection finds them at once
                    assertThat(controller.send("GET", "/requests/" + id, null).statusCode()).isEqualTo(200);
                    assertThat(context.workflow().status(id).state()).isEqualTo(RequestState.SUBMITTED);
                    accepted++;
                }
                return accepted;
            }));
        }
        int accepted = 0;
        for (java.util.concurrent.Future<Integer> f : sent) {
            accepted += f.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(clients * each);
        assertThat(service.store().count()).isEqualTo(accepted);
        assertThat(context.workflow().requests(false, 1000)).hasSize(accepted);
    }

    @Test
    void aSubmissionThatCannotBeStoredWhollyIsNotAcceptedAndLeavesNoWorkflowRequest() throws Exception {
        home.registry().database().transaction(c -> c.createStatement().executeUpdate("DROP TABLE opendsr_parts"));
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = controller.send("POST", "/requests",
                request(id, "erasure", "controller_customer_id", DATA.subjectId(3), "raw", null));
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(controller.verify(response)).isTrue();
        assertThat(context.workflow().requests(false, 100)).as("the workflow request rolled back with the OpenDSR rows").isEmpty();
    }

    @Test
    void badRequestsGetTheSpecsSignedErrorObjectsWithoutTheirIdentities() throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, String> bad = Map.of(
                "not valid JSON", "{\"subject_request_id\": ",
                "regulation", request(id, "erasure", "email", "secret-value", "raw", null).replace("gdpr", "lgpd"),
                "UUID v4", request("not-a-uuid", "erasure", "email", "secret-value", "raw", null),
                "subject_identities is required", request(id, "erasure", "email", "secret-value", "raw", null)
                        .replaceAll(",\"subject_identities\":\\[.*\\]", ""),
                "is not an OpenDSR identity type", request(id, "erasure", "shoe_size", "secret-value", "raw", null),
                "not supported by this processor", request(id, "erasure", "android_id", "secret-value", "raw", null),
                "identity_format", request(id, "erasure", "email", "secret-value", "base64", null),
                "submitted_time", request(id, "erasure", "email", "secret-value", "raw", null).replace("2026-12-01T10:00:00Z", "yesterday"),
                "subject_request_type", request(id, "rectification", "email", "secret-value", "raw", null));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> response = controller.send("POST", "/requests", e.getValue());
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(controller.verify(response)).as(e.getKey()).isTrue();
            JsonNode error = json(response).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(400);
            assertThat(error.get("message").asText()).as(e.getKey()).contains(e.getKey()).doesNotContain("secret-value");
            assertThat(error.get("errors").get(0).get("domain").asText()).isEqualTo("Validation");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("secret-value");
        }
        HttpResponse<String> huge = controller.send("POST", "/requests", "{\"x\":\"" + "a".repeat(100_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).get("error").get("code").asInt()).isEqualTo(413);
        assertThat(context.workflow().requests(false, 100)).isEmpty();
    }

    @Test
    void aPendingRequestCanBeCancelledAndIsThenNeverCarriedOut() throws Exception {
        String id = UUID.randomUUID().toString();
        String subject = DATA.subjectId(3);
        controller.send("POST", "/requests", request(id, "erasure", "controller_customer_id", subject, "raw", null));
        HttpResponse<String> cancelled = controller.send("DELETE", "/requests/" + id, null);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(controller.verify(cancelled)).isTrue();
        JsonNode body = json(cancelled);
        assertThat(body.get("controller_id").asText()).isEqualTo("c1");
        assertThat(body.get("subject_request_id").asText()).isEqualTo(id);
        assertThat(body.get("received_time").asText()).isNotBlank();
        assertThat(body.get("processor_signature").asText()).isNotBlank();
        assertThat(drain()).isZero();
        assertThat(json(controller.send("GET", "/requests/" + id, null)).get("request_status").asText()).isEqualTo("cancelled");
        assertThat(context.workflow().status(id).state()).isEqualTo(RequestState.FAILED);
        assertThat(context.workflow().status(id).payload()).doesNotContain(subject);
        assertThat(home.registry().datasets().liveCount(people.id())).isEqualTo(DATA.size());

        String done = UUID.randomUUID().toString();
        controller.send("POST", "/requests", request(done, "erasure", "controller_customer_id", subject, "raw", null));
        drain();
        HttpResponse<String> late = controller.send("DELETE", "/requests/" + done, null);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(json(late).get("error").get("message").asText()).contains("completed");
    }

    @Test
    void anAccessRequestByHashedEmailAnswersWithTheRecordsAndModelsHeld() throws Exception {
        String subject = DATA.subjectId(4);
        String id = UUID.randomUUID().toString();
        HttpResponse<String> created = controller.send("POST", "/requests",
                request(id, "access", "email", IdentityFormat.SHA256.hash(subject), "sha256", null));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode status = json(controller.send("GET", "/requests/" + id, null));
        assertThat(status.get("request_status").asText()).isEqualTo("completed");
        assertThat(status.get("results_count").asLong()).isEqualTo(recordsOf(subject));
        String resultsUrl = status.get("results_url").asText();
        assertThat(resultsUrl).isEqualTo(url() + "/requests/" + id + "/results").doesNotContain(subject);
        HttpResponse<String> results = controller.send("GET", resultsUrl.substring(url().length()), null);
        assertThat(controller.verify(results)).isTrue();
        JsonNode doc = json(results);
        assertThat(doc.get("datasets").get(0).get("dataset").asText()).isEqualTo("people");
        assertThat(doc.get("datasets").get(0).get("records")).hasSize((int) recordsOf(subject));
        assertThat(doc.get("models").get(0).get("model").asText()).isEqualTo("nb1");
        assertThat(doc.get("models").get(0).get("records_trained_on").asLong()).isPositive();
        String stored = home.registry().database().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT * FROM opendsr_requests")) {
                StringBuilder all = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        all.append(rs.getString(i)).append('|');
                    }
                }
                return all.toString();
            }
        });
        assertThat(stored).doesNotContain(subject).doesNotContain(IdentityFormat.SHA256.hash(subject));

        String nobody = UUID.randomUUID().toString();
        controller.send("POST", "/requests", request(nobody, "portability", "email", IdentityFormat.MD5.hash("nobody"), "md5", null));
        assertThat(json(controller.send("GET", "/requests/" + nobody, null)).get("results_count").asInt()).isZero();
    }

    @Test
    void requestsNeedAControllersKeyAndStayWithTheirController() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = request(id, "erasure", "controller_customer_id", DATA.subjectId(5), "raw", null);
        HttpResponse<String> anonymous = controller.send("POST", "/requests", body, false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("error").get("code").asInt()).isEqualTo(401);
        controller.send("POST", "/requests", body);
        try (SimulatedController other = new SimulatedController(url(), "c2.other-secret", 0);
             SimulatedController engineer = new SimulatedController(url(), "e1.engineer-secret", 0)) {
            assertThat(other.send("GET", "/requests/" + id, null).statusCode()).isEqualTo(404);
            assertThat(other.send("DELETE", "/requests/" + id, null).statusCode()).isEqualTo(404);
            assertThat(engineer.send("GET", "/requests/" + id, null).statusCode()).isEqualTo(403);
        }
        assertThat(controller.send("GET", "/requests/" + id.toUpperCase(), null).statusCode()).isEqualTo(400);
        assertThat(controller.send("GET", "/requests/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
        assertThat(json(controller.send("GET", "/opengdpr_requests/" + id, null)).get("request_status").asText()).isEqualTo("pending");
        assertThat(json(controller.send("GET", "/v2/requests/" + id, null)).get("request_status").asText()).isEqualTo("pending");
    }

    @Test
    void refusedCallbacksAreRetriedWithBackoffAndSurviveARestart() throws Exception {
        try (SimulatedController flaky = new SimulatedController(url(), KEY, 3)) {
            String id = UUID.randomUUID().toString();
            flaky.send("POST", "/requests", request(id, "erasure", "controller_customer_id", DATA.subjectId(6), "raw", flaky.callbackUrl()));
            CallbackDispatcher first = new CallbackDispatcher(service, url(), Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(20));
            first.tick();
            assertThat(flaky.callbacks).isEmpty();
            assertThat(first.undelivered()).isEqualTo(1);
            first.close();
            // a new server process: the queue is in the registry
            CallbackDispatcher restarted = new CallbackDispatcher(service, url(), Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(20)).start();
            try {
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                // the controller sees the callback before the dispatcher records the acknowledgement
                while ((flaky.callbacks.isEmpty() || restarted.undelivered() > 0) && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            } finally {
                restarted.close();
            }
            assertThat(flaky.refusals.get()).isNegative();
            assertThat(flaky.callbacks).singleElement().satisfies(r -> {
                assertThat(r.verified()).isTrue();
                assertThat(r.body().get("request_status").asText()).isEqualTo("pending");
            });
            assertThat(restarted.undelivered()).isZero();
            int attempts = home.registry().database().read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT attempts FROM opendsr_callbacks")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(attempts).isEqualTo(4);
        }
    }
}
