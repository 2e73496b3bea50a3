package dev.lethe.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.engine.Workflow;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.TestServers;
import dev.lethe.store.LetheHome;
import dev.lethe.testing.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs live in the registry: a finished job is still answered by a new server on the same home, a
 * job left running by a process that died is reported failed (interrupted by a restart) once its
 * lease has expired, and a server that stops fails its own open jobs rather than leaving them running.
 */
class DurableJobsTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private static final Principal ENGINEER = new Principal("e", Role.ENGINEER);

    private LetheServer serve() {
        Ledger.initialiseIfNew(dir);
        LetheHome home = LetheHome.open(dir);
        ServerContext context = new ServerContext(home, Workflow.inHome(home), TestServers.fixed(Map.of("e.s", ENGINEER,
                "o.s", new Principal("o", Role.OFFICER))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
        return LetheServer.create(context, ServerOptions.defaults(), ApiModules.all()).start("127.0.0.1", 0);
    }

    private static void stop(LetheServer server) {
        server.close();
        server.context().home().close();
    }

    @Test
    void jobsOutliveTheServerAndThoseOfADeadProcessAreReportedInterrupted() throws Exception {
        LetheServer first = serve();
        JsonNode imported = new ApiClient(first, "e.s").await(ApiClient.json(new ApiClient(first, "e.s")
                .send("POST", "/api/v1/datasets?name=people&label=y&subject=person", NativeApiTest.CSV, "text/csv")));
        assertThat(imported.get("state").asText()).as(imported.toString()).isEqualTo("succeeded");
        assertThat(imported.get("started_by").asText()).isEqualTo("e");
        String importId = imported.get("id").asText();
        // A server in another process took a training job and died mid-way: its row stays running, its lease lapses.
        JobStore store = new JobStore(first.context().home().registry().database());
        clock.advance(Duration.ofSeconds(1));
        Instant now = clock.instant();
        store.insert(new Job("dead-process-job", "train", Job.State.QUEUED, 0, "queued", now, now, null, null, null, "e",
                Role.ENGINEER), "host/4242/dead", now.plus(Jobs.LEASE));
        assertThat(store.progress("dead-process-job", "host/4242/dead", 0.4, "training nb on people", now)).isTrue();
        stop(first);

        clock.advance(Jobs.LEASE.plus(Duration.ofSeconds(1)));
        LetheServer second = serve();
        try {
            ApiClient engineer = new ApiClient(second, "e.s");
            JsonNode kept = ApiClient.json(engineer.get("/api/v1/jobs/" + importId));
            assertThat(kept.get("state").asText()).isEqualTo("succeeded");
            assertThat(kept.get("result").get("imported_records").asInt()).as("the result survives the restart").isEqualTo(60);

            JsonNode dead = ApiClient.json(engineer.get("/api/v1/jobs/dead-process-job"));
            assertThat(dead.get("state").asText()).isEqualTo("failed");
            assertThat(dead.get("progress").asDouble()).as("how far it got").isEqualTo(0.4);
            assertThat(dead.get("error").get("status").asInt()).isEqualTo(503);
            assertThat(dead.get("error").get("detail").asText()).startsWith("interrupted by a restart");
            assertThat(dead.get("finished_at").asText()).isEqualTo(clock.instant().toString());

            JsonNode listed = ApiClient.json(engineer.get("/api/v1/jobs"));
            assertThat(listed).extracting(j -> j.get("id").asText()).containsExactly("dead-process-job", importId);
            assertThat(ApiClient.json(new ApiClient(second, "o.s").get("/api/v1/jobs"))).as("another role's jobs").isEmpty();
        } finally {
            stop(second);
        }
    }

    @Test
    void aJobStillRunningOnALiveServerIsNotInterruptedButOneOfAStoppingServerIs() throws Exception {
        Ledger.initialiseIfNew(dir);
        try (LetheHome home = LetheHome.open(dir)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Jobs running = new Jobs(home.registry().database(), clock);
            Job job = running.start("train", ENGINEER, progress -> {
                progress.update(0.5, "halfway");
                started.countDown();
                release.await(1, TimeUnit.MINUTES);
                return Map.of("current_version", 1);
            });
            assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();

            new Jobs(home.registry().database(), clock).close();
            assertThat(running.get(job.id(), Role.ENGINEER).state()).as("a server starting beside a live one leaves its jobs alone")
                    .isEqualTo(Job.State.RUNNING);

            running.close();
            release.countDown();
            Job stopped = running.get(job.id(), Role.ENGINEER);
            assertThat(stopped.state()).isEqualTo(Job.State.FAILED);
            assertThat(stopped.error().detail()).startsWith("interrupted by a restart");
            assertThat(stopped.stage()).isEqualTo("interrupted");
            assertThat(stopped.startedBy()).isEqualTo("e");
        }
    }
}
