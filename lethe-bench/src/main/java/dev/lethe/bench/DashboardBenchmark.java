package dev.lethe.bench;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.engine.Workflow;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.dashboard.DashboardModule;
import dev.lethe.store.LetheHome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the dashboard's requests page takes with many requests in the registry (issue 12's
 * target: 100,000 requests, at most 1 s). Fills a fresh home's registry with synthetic requests in a
 * realistic mix (mostly done, a few open, some overdue, four kinds, received over four months),
 * starts the server with the dashboard on a loopback port, signs in as an officer and times whole
 * page loads over HTTP (server-side rendering included): the first page, a deep page (keyset
 * cursor), each filter, a search, a request's page and the overview. Reports the first load, and
 * the median and the slowest of the timed loads (each at another random cursor) after two warm-up loads.
 *
 * <pre>java -cp … dev.lethe.bench.DashboardBenchmark [--requests 100000] [--loads 15] [--db JDBC_URL_OF_AN_EMPTY_DATABASE]
 *     [--without-dashboard-indexes true] [--home DIR]</pre>
 *
 * The server starts on the home opened afresh after the filling. With {@code --home}, a second run
 * on the same directory (and {@code --db}, whose fresh schema the home remembers) finds it filled and measures the first page of a server
 * in a JVM that has done nothing else.
 */
public final class DashboardBenchmark {

    private static final String KEY = "bench.officer-secret";

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = 100_000;
        int loads = 15;
        String db = null;
        boolean dropIndexes = false;
        Path reuse = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                case "--loads" -> loads = Integer.parseInt(args[i + 1]);
                case "--db" -> db = args[i + 1];
                case "--home" -> reuse = Path.of(args[i + 1]);
                case "--without-dashboard-indexes" -> dropIndexes = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = reuse == null ? Files.createTempDirectory("lethe-dashboard-bench") : Files.createDirectories(reuse);
        Ledger.initialiseIfNew(dir);
        db = db == null ? null : schemaOf(dir, db);
        prepare(dir, db, requests, dropIndexes);
        // the server starts as `lethe serve` would: on a home opened afresh, nothing of the filling cached
        long started = System.nanoTime();
        try (LetheHome home = LetheHome.open(dir, db, null, null)) {
            ServerContext context = new ServerContext(home, Workflow.inHome(home),
                    (id, secret) -> (id + "." + secret).equals(KEY) ? Optional.of(new Principal("bench", Role.OFFICER)) : Optional.empty(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            try (LetheServer server = LetheServer.create(context, ServerOptions.defaults(), List.of(new DashboardModule()))
                    .start("127.0.0.1", 0)) {
                System.out.printf(Locale.ROOT, "home opened and server started in %.0f ms%n", (System.nanoTime() - started) / 1e6);
                Client client = new Client("http://127.0.0.1:" + server.port());
                client.signIn();
                System.out.println("| page | first load | median | slowest | rows |");
                System.out.println("|---|---|---|---|---|");
                SplittableRandom cursors = new SplittableRandom(7);
                int n = requests;
                for (String page : List.of("/ui/requests", "/ui/requests?state=done", "/ui/requests?state=submitted",
                        "/ui/requests?kind=feature", "/ui/requests?kind=class", "/ui/requests?overdue=1", "/ui/requests?q=bench-05",
                        "/ui/requests?q=bench-0500")) {
                    // each timed load asks for another page (a random keyset cursor), as H2 reuses the result of
                    // a query repeated with the same parameters over unchanged data
                    time(client, page, loads, () -> page + (page.contains("?") ? "&" : "?") + "before=" + (1 + cursors.nextLong(n)));
                }
                time(client, "/ui/requests/bench-050000", loads, () -> String.format("/ui/requests/bench-%06d", cursors.nextInt(n)));
                time(client, "/ui/overview", loads, () -> "/ui/overview");
            }
        }
    }

    /** A fresh schema of {@code db} for a new home; the same schema again for a home an earlier run filled. */
    private static String schemaOf(Path dir, String db) throws Exception {
        Path kept = dir.resolve("bench-db-url");
        if (Files.exists(kept)) {
            return Files.readString(kept).trim();
        }
        String url = WorkflowBenchmark.freshSchema(db);
        Files.writeString(kept, url);
        return url;
    }

    /** Fills the home's registry, unless an earlier run did (then nothing is read, so the JVM stays cold). */
    private static void prepare(Path dir, String db, int requests, boolean dropIndexes) {
        try (LetheHome filling = LetheHome.open(dir, db, null, null)) {
            if (filling.registry().requests().anyWaiting()) {
                System.out.printf(Locale.ROOT, "reusing the requests of %s%n", dir);
                return;
            }
            long t0 = System.nanoTime();
            fill(filling, requests);
            if (dropIndexes) { // to see what the V40 indexes are worth
                filling.registry().database().transaction(c -> {
                    try (java.sql.Statement st = c.createStatement()) {
                        for (String index : List.of("requests_kind", "requests_done_at")) {
                            st.execute("DROP INDEX " + index);
                        }
                    }
                    return null;
                });
            }
            System.out.printf(Locale.ROOT, "filled %,d requests in %.1f s (%s)%n", requests, (System.nanoTime() - t0) / 1e9,
                    db == null ? "H2" : db.replaceAll("//.*@", "//"));
        }
    }

    private static void time(Client client, String page, int loads, java.util.function.Supplier<String> next) throws Exception {
        long t0 = System.nanoTime();
        String body = client.get(page);
        double first = (System.nanoTime() - t0) / 1e6;
        int rows = body.split("<tr", -1).length - 2;
        for (int i = 0; i < 2; i++) {
            client.get(next.get());
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < loads; i++) {
            String url = next.get();
            long t = System.nanoTime();
            client.get(url);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        System.out.printf(Locale.ROOT, "| `%s` | %.1f ms | %.1f ms | %.1f ms | %d |%n", page, first, ms.get(ms.size() / 2),
                ms.get(ms.size() - 1), Math.max(0, rows));
    }

    /** Synthetic requests: 97.5 % done, 1.5 % submitted, 0.5 % planned, 0.5 % failed; most subject requests. */
    static void fill(LetheHome home, int n) {
        long now = System.currentTimeMillis();
        long day = Duration.ofDays(1).toMillis();
        SplittableRandom random = new SplittableRandom(12);
        home.registry().database().transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (id, kind, payload, fingerprint, summary, state, "
                    + "received_at, due_at, done_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    double u = random.nextDouble();
                    String state = u < 0.015 ? "SUBMITTED" : u < 0.02 ? "PLANNED" : u < 0.025 ? "FAILED" : "DONE";
                    double k = random.nextDouble();
                    String kind = k < 0.85 ? "subject" : k < 0.95 ? "records" : k < 0.99 ? "feature" : "class";
                    long received = now - (long) ((n - i) * (120.0 * day / n));
                    String hash = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
                    String summary = kind.equals("subject") ? "subject hmac-sha256:" + hash : kind + " " + i;
                    boolean open = state.equals("SUBMITTED") || state.equals("PLANNED");
                    ps.setString(1, String.format("bench-%06d", i));
                    ps.setString(2, kind);
                    ps.setString(3, open || state.equals("FAILED") ? "synthetic-subject-" + i : summary);
                    ps.setString(4, hash);
                    ps.setString(5, summary);
                    ps.setString(6, state);
                    ps.setLong(7, received);
                    ps.setLong(8, received + 30 * day);
                    if (open) {
                        ps.setNull(9, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(9, Math.min(now, received + 3_600_000L + random.nextLong(5 * day)));
                    }
                    ps.setString(10, state.equals("FAILED") ? "synthetic failure" : null);
                    ps.addBatch();
                    if (i % 2000 == 1999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** A browser's minimum: the session cookie and the CSRF token of the sign-in form. */
    private static final class Client {
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;
        private String cookie;

        Client(String base) {
            this.base = base;
        }

        void signIn() throws Exception {
            HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/ui/sign-in")).GET());
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
            csrf.find();
            String body = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) + "&key=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8);
            HttpResponse<String> in = send(HttpRequest.newBuilder(URI.create(base + "/ui/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (in.statusCode() != 303) {
                throw new IllegalStateException("sign-in failed: " + in.statusCode());
            }
        }

        String get(String path) throws Exception {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
            return r.body();
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (cookie != null) {
                request.header("Cookie", "lethe_session=" + cookie);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(c.indexOf('=') + 1, c.indexOf(';')));
            return r;
        }
    }
}
