package dev.lethe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
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
import java.util.List;
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

    @Test
    void stoppingMidBatchAbandonsItSafelyAndARestartedWorkerFinishesEveryRequestOnce() throws Exception {
        Dataset data = RandomData.classification(5, 300, 3, 1, 2);
        Ledger.initialiseIfNew(dir);
        List<String> ids = new java.util.ArrayList<>();
        try (LetheHome setup = LetheHome.open(dir)) {
            Catalog catalog = new Catalog(setup.registry());
            catalog.importDataset("people", data, Map.of());
            catalog.train(Catalog.TrainSpec.of("nb1", "people", "nb"));
            catalog.train(Catalog.TrainSpec.of("forest1", "people", "forest"));
            Workflow workflow = Workflow.inHome(setup);
            List<String> subjects = new java.util.ArrayList<>(new java.util.TreeSet<>(data.subjects()));
            for (String subject : subjects.subList(0, subjects.size() / 2)) {
                ids.add(workflow.submit(new ForgetRequest.Subject(subject)));
            }
        }
        ServerAssembly.Settings immediate = new ServerAssembly.Settings("127.0.0.1", 0, "localhost", null,
                dev.lethe.server.opendsr.SignatureAlgorithm.ECDSA_P256, null, null, 7, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        ServerAssembly server = ServerAssembly.start(LetheHome.open(dir), immediate, KeyVerifier.NONE);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (LetheHome observer = LetheHome.open(dir)) {
            while (observer.registry().requests().counts().getOrDefault(RequestState.DONE, 0) == 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        }
        server.close(); // no grace: the batch in progress is abandoned where it stands

        assertThat(server.workerRunning()).isFalse();
        try (LetheHome again = LetheHome.open(dir); var lease = again.claimWorker();
             Worker worker = new Worker(again.registry(), Worker.Config.defaults()
                     .withSink(dev.lethe.engine.LedgerReceiptSink.inHome(dir, again.registry())))) {
            worker.drain();
            for (String id : ids) {
                assertThat(again.registry().requests().get(id).state()).as(again.registry().requests().get(id).error())
                        .isEqualTo(RequestState.DONE);
                assertThat(again.registry().requests().receipt(id)).isPresent();
            }
            assertThat(again.registry().datasets().recordsBySubject()).hasSize(data.subjects().stream().distinct().toList().size() - ids.size());
            assertThat(Ledger.open(dir).entries()).extracting(dev.lethe.audit.ledger.LedgerEntry::requestId)
                    .doesNotHaveDuplicates().containsAll(ids);
            assertThat(Ledger.open(dir).verify().valid()).isTrue();
        }
    }
}
