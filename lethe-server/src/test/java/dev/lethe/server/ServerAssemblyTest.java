package dev.lethe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.engine.Catalog;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.testing.RandomData;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe serve}'s assembly: serves, runs the worker in the background, and stops gracefully. */
class ServerAssemblyTest {

    @TempDir
    Path dir;

    @Test
    void servesOpenDsrRunsTheWorkerAndStopsGracefully() throws Exception {
        Dataset data = RandomData.classification(3, 60, 2, 1, 2);
        Ledger.initialiseIfNew(dir);
        try (LetheHome setup = LetheHome.open(dir)) {
            Catalog catalog = new Catalog(setup.registry());
            catalog.importDataset("people", data, Map.of());
            catalog.train(Catalog.TrainSpec.of("nb1", "people", "nb"));
        }
        KeyVerifier keys = TestServers.fixed(Map.of("c1.s", new Principal("c1", Role.CONTROLLER)));
        ServerAssembly server = ServerAssembly.start(LetheHome.open(dir), ServerAssembly.Settings.defaults().withPort(0), keys);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        String id = UUID.randomUUID().toString();
        String body = "{\"subject_request_id\":\"" + id + "\",\"subject_request_type\":\"erasure\",\"regulation\":\"gdpr\","
                + "\"submitted_time\":\"2026-12-01T10:00:00Z\",\"subject_identities\":[{\"identity_type\":\"controller_customer_id\","
                + "\"identity_value\":\"" + data.subjectId(0) + "\",\"identity_format\":\"raw\"}]}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/requests"))
                .header("Authorization", "Bearer c1.s").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String status = "";
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!status.contains("\"completed\"") && System.nanoTime() < until) {
            Thread.sleep(50);
            status = http.send(HttpRequest.newBuilder(URI.create(base + "/requests/" + id)).header("Authorization", "Bearer c1.s").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(status).contains("\"request_status\":\"completed\"");
        assertThat(server.workerRunning()).isTrue();

        server.close();

        assertThat(server.workerRunning()).isFalse();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/discovery")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        try (LetheHome again = LetheHome.open(dir); var lease = again.claimWorker()) {
            assertThat(again.registry().requests().get(id).state()).isEqualTo(RequestState.DONE);
        }
        server.close();
    }
}
