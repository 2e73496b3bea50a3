package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.server.Role;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code lethe serve} processes on one PostgreSQL registry (issue 12), sharing one home's keys:
 * subject requests go to both over HTTP, one server is killed ({@code SIGKILL}) while it holds a
 * planned batch, and the survivor takes that batch over once its lease has run out. Every request
 * then has one receipt and one entry in the registry's ledger, which {@code lethe ledger verify}
 * finds valid.
 *
 * <p>The kill is not timed: the test holds the model's advisory lock (the one each worker takes to
 * forget in a model), so both servers stop, each with a batch planned and leased, right after
 * planning; the test sees them waiting in {@code pg_locks}, kills one and lets the lock go.
 */
class TwoServersTest {

    /** {@code ModelStore}'s class of per-model advisory locks ("LETI"). */
    private static final int MODEL_LOCK_CLASS = 0x4C455449;
    private static final String WAITERS = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            + "AND classid = ? AND objid::bigint = (hashtext(current_schema() || '/' || ?)::bigint & 4294967295)";
    private static final int PER_SERVER = 3;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theSurvivorTakesOverTheKilledServersBatchAndEveryRequestIsDoneOnce() throws Exception {
        String url = Backend.freshSchemaUrl();
        Path home = dir.resolve("home");
        prepare(url, home);
        String controller;
        String officer;
        try (LetheHome h = LetheHome.open(home, url, Backend.user(), Backend.password())) {
            controller = new ApiKeyStore(h.registry().database()).create(Role.CONTROLLER, "controller").printed();
            officer = new ApiKeyStore(h.registry().database()).create(Role.OFFICER, "officer").printed();
        }
        List<String> ids = new ArrayList<>();
        Process doomed = null;
        Process survivor = null;
        try (Connection lockHolder = DriverManager.getConnection(url, Backend.user(), Backend.password())) {
            sql(lockHolder, "SELECT pg_advisory_lock(?, hashtext(current_schema() || '/' || ?))");
            doomed = serve(home, url, "doomed");
            String doomedBase = listening(doomed, "doomed");
            submit(doomedBase, controller, "A-", ids);
            awaitWaiters(lockHolder, 1, doomed);
            Map<Long, String> doomedBatches = batches(lockHolder);
            assertThat(doomedBatches).as("the first server holds a planned batch").isNotEmpty();
            String doomedOwner = doomedBatches.values().iterator().next();

            survivor = serve(home, url, "survivor");
            String survivorBase = listening(survivor, "survivor");
            submit(survivorBase, controller, "B-", ids);
            awaitWaiters(lockHolder, 2, survivor);
            Map<Long, String> both = batches(lockHolder);
            String survivorOwner = both.entrySet().stream().filter(e -> !doomedBatches.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat(survivorOwner).isNotEqualTo(doomedOwner);
            for (long batch : doomedBatches.keySet()) {
                assertThat(both.get(batch)).as("a live server's batch is left alone").isEqualTo(doomedOwner);
            }

            doomed.destroyForcibly(); // SIGKILL, mid-batch: no shutdown hook, the lease is not given back
            assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(doomed.exitValue()).isEqualTo(137);
            sql(lockHolder, "SELECT pg_advisory_unlock(?, hashtext(current_schema() || '/' || ?))");

            for (String id : ids) {
                awaitDone(survivorBase, officer, id, survivor);
            }
            assertThat(batches(lockHolder)).as("the survivor carried out the killed server's batch too")
                    .containsKeys(doomedBatches.keySet().toArray(Long[]::new))
                    .allSatisfy((batch, owner) -> assertThat(owner).isEqualTo(survivorOwner));
            for (String id : ids) {
                HttpResponse<String> receipt = get(survivorBase, officer, "/api/v1/requests/" + id + "/receipt");
                assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
                assertThat(json.readTree(receipt.body()).get("records_erased").asInt()).isEqualTo(5);
            }
            assertThat(ledgerRequestIds(lockHolder)).as("one ledger entry per request")
                    .containsExactlyInAnyOrderElementsOf(ids);
            try (LetheHome h = LetheHome.open(home, url, Backend.user(), Backend.password())) {
                assertThat(h.registry().requests().receiptCount()).isEqualTo(ids.size());
                assertThat(h.registry().requests().openBatches()).isEmpty();
            }

            survivor.destroy(); // SIGTERM
            assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(survivor.exitValue()).as(log("survivor")).isZero();
        } finally {
            for (Process p : new Process[] {doomed, survivor}) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
        CliRunner verify = CliRunner.run(withDb(url, "ledger", "verify", "--home", home.toString()));
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("ledger valid: " + ids.size() + " entries");
    }

    @Test
    void aBatchLeaseShorterThanTheWorkersMinimumIsRefusedBeforeAnythingStarts() {
        CliRunner r = CliRunner.run("serve", "--home", dir.resolve("home").toString(), "--port", "0", "--batch-lease", "100");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("--batch-lease must be at least 300 milliseconds, got 100");
        assertThat(dir.resolve("home")).doesNotExist();
    }

    /** A home on {@code url} with 40 records of 8 subjects (5 each) and an nb model. */
    private void prepare(String url, Path home) throws IOException {
        StringBuilder csv = new StringBuilder("person,y,a\n");
        for (int i = 0; i < 40; i++) {
            csv.append("p").append(i % 8).append(',').append(i % 2 == 0 ? "yes" : "no").append(',').append(i).append('\n');
        }
        Path data = dir.resolve("d.csv");
        Files.writeString(data, csv.toString());
        CliRunner r = CliRunner.run(withDb(url, "data", "import", "--home", home.toString(), "--name", "people",
                "--data", data.toString(), "--label", "y", "--subject", "person"));
        assertThat(r.code()).as(r.err()).isZero();
        r = CliRunner.run(withDb(url, "model", "train", "--home", home.toString(), "--name", "m", "--dataset", "people",
                "--model", "nb"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static String[] withDb(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", url, "--db-user", Backend.user()));
        if (Backend.password() != null) {
            all.addAll(List.of("--db-password", Backend.password()));
        }
        return all.toArray(String[]::new);
    }

    /** {@code lethe serve} on the shared home and registry, any free port, batches of three, a two-second lease. */
    private Process serve(Path home, String url, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--home", home.toString(), "--db", url, "--port", "0", "--max-batch", String.valueOf(PER_SERVER),
                "--linger", "200", "--batch-lease", "2000"))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("LETHE_DB_USER", Backend.user());
        if (Backend.password() != null) {
            pb.environment().put("LETHE_DB_PASSWORD", Backend.password());
        }
        return pb.start();
    }

    private String listening(Process server, String name) throws Exception {
        Pattern pattern = Pattern.compile("listening on (http://[0-9.:]+)");
        for (int tries = 0; tries < 600; tries++) {
            Matcher m = pattern.matcher(log(name));
            if (m.find()) {
                return m.group(1);
            }
            assertThat(server.isAlive()).as(log(name)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not start: " + log(name));
    }

    private String log(String name) throws IOException {
        Path file = dir.resolve(name + ".log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Submits {@link #PER_SERVER} subject requests to the server at {@code base} (subjects in the body, never the URL). */
    private void submit(String base, String key, String prefix, List<String> ids) throws Exception {
        for (int i = 0; i < PER_SERVER; i++) {
            String id = prefix + i;
            String body = "{\"id\":\"" + id + "\",\"subject\":\"p" + ids.size() + "\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/requests"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ids.add(id);
        }
    }

    private HttpResponse<String> get(String base, String key, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitDone(String base, String key, String id, Process server) throws Exception {
        String state = "";
        for (int tries = 0; tries < 600 && !state.equals("done"); tries++) {
            HttpResponse<String> r = get(base, key, "/api/v1/requests/" + id);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode status = json.readTree(r.body());
            state = status.get("state").asText();
            assertThat(state).as(status.toString()).isNotEqualTo("failed");
            if (!state.equals("done")) {
                assertThat(server.isAlive()).as(log("survivor")).isTrue();
                Thread.sleep(100);
            }
        }
        assertThat(state).as("request " + id + ": " + log("survivor")).isEqualTo("done");
    }

    /** Waits until {@code count} workers are blocked on the model's lock, each with a batch planned. */
    private void awaitWaiters(Connection c, int count, Process server) throws Exception {
        for (int tries = 0; tries < 600; tries++) {
            try (PreparedStatement ps = c.prepareStatement(WAITERS)) {
                ps.setInt(1, MODEL_LOCK_CLASS);
                ps.setString(2, "m");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                }
            }
            assertThat(server.isAlive()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + count + " servers reached the model: " + log("doomed") + log("survivor"));
    }

    private static void sql(Connection c, String lockOrUnlock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lockOrUnlock)) {
            ps.setInt(1, MODEL_LOCK_CLASS);
            ps.setString(2, "m");
            ps.execute();
        }
    }

    /** Batch ID → the worker whose lease it is under. */
    private static Map<Long, String> batches(Connection c) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, owner FROM batches"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> ledgerRequestIds(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT request_id FROM ledger_entries"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
