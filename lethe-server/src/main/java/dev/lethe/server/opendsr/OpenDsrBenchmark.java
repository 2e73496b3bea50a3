package dev.lethe.server.opendsr;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.Workflow;
import dev.lethe.server.KeyVerifier;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerAssembly;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lethe bench serve}: the OpenDSR processor over loopback HTTP on an embedded (H2) registry.
 *
 * <p>Submissions: {@code clients} concurrent clients POST erasure requests for the real students
 * (column {@code s}) of the bundled InstEval data, each client waiting for its answer before the
 * next; accepted requests per second, p50 and p99 latency, for ECDSA P-256 and RSA 2048 signing,
 * and the CPU share spent signing (two signatures per answer: {@code processor_signature} and the
 * header). The worker does not run during this part: it measures what accepting costs.
 *
 * <p>End to end: {@code lethe serve}'s assembly (worker in the background, ledger on) over a dataset
 * with {@code e2eRequests} distinct subjects and the given models; the clients submit one erasure per
 * subject and the benchmark waits until every one is completed with its receipt. Throughput is
 * requests over the time from the first submission to the last completion; latency is received →
 * done as the registry records it.
 */
public final class OpenDsrBenchmark {

    /** What to run. */
    public record Options(Path instEval, Path e2eData, String e2eLabel, int perSubject, int requests, int warmup,
                          int clients, List<String> algorithms, int e2eRequests, List<String> models, int maxBatch, int scrubMinutes) {
    }

    private static final String KEY = "bench.bench-secret";

    private OpenDsrBenchmark() {
    }

    public static void run(Options o, PrintStream out) throws Exception {
        Dataset inst = DatasetReader.read(o.instEval(), ReadOptions.label("y").withSubject("s")).dataset();
        List<String> students = new ArrayList<>(new TreeSet<>(inst.subjects()));
        out.printf(Locale.ROOT, "InstEval: %d ratings by %d students; %d clients, %d timed requests after %d warm-up; "
                + "%d processors%n", inst.size(), students.size(), o.clients(), o.requests(), o.warmup(),
                Runtime.getRuntime().availableProcessors());
        for (String algorithm : o.algorithms()) {
            submissions(inst, students, SignatureAlgorithm.named(algorithm), o, out);
        }
        if (o.e2eRequests() > 0) {
            endToEnd(o, out);
        }
    }

    private static void submissions(Dataset inst, List<String> students, SignatureAlgorithm algorithm, Options o,
                                    PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("lethe-bench-serve");
        Ledger.initialiseIfNew(dir);
        try (LetheHome home = LetheHome.open(dir)) {
            new Catalog(home.registry()).importDataset("insteval", inst, Map.of());
            Map<String, Principal> keys = Map.of(KEY, new Principal("bench", Role.CONTROLLER));
            KeyVerifier verifier = (id, secret) -> Optional.ofNullable(keys.get(id + "." + secret));
            ServerContext context = new ServerContext(home, Workflow.inHome(home), verifier,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            ProcessorIdentity identity = ProcessorIdentity.selfSigned("localhost", algorithm);
            OpenDsrService service = new OpenDsrService(context, identity, IdentityMap.customerIds());
            try (LetheServer server = LetheServer.create(context, ServerOptions.defaults(), List.of(new OpenDsrModule(service, null)))
                    .start("127.0.0.1", 0)) {
                String url = "http://127.0.0.1:" + server.port() + "/requests";
                submit(url, students, o.warmup(), o.clients(), 0);
                long cpu0 = processCpuNanos();
                long start = System.nanoTime();
                long[] latencies = submit(url, students, o.requests(), o.clients(), o.warmup());
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuPerRequest = (processCpuNanos() - cpu0) / 1e3 / o.requests();
                double perSecond = o.requests() / seconds;
                double signMicros = signCpuMicros(identity);
                out.printf(Locale.ROOT, "submissions, %s: %d accepted in %.2f s = %.0f/s; latency p50 %.1f ms, p99 %.1f ms; "
                                + "signing %.0f µs CPU per signature, 2 per answer = %.0f%% of the %.0f µs CPU per request "
                                + "(server and clients, one JVM)%n",
                        algorithm, latencies.length, seconds, perSecond, percentile(latencies, 0.5) / 1e6,
                        percentile(latencies, 0.99) / 1e6, signMicros, 100 * 2 * signMicros / cpuPerRequest, cpuPerRequest);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Sends {@code n} erasure requests from {@code clients} threads; the sorted latencies (ns) of the accepted ones. */
    private static long[] submit(String url, List<String> subjects, int n, int clients, int offset) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[] latencies = new long[n];
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int i = client; i < n; i += clients) {
                    String subject = subjects.get((offset + i) % subjects.size());
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(erasure(UUID.randomUUID().toString(), subject))).build();
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies[i] = System.nanoTime() - t0;
                    if (response.statusCode() != 201) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " requests were not accepted");
        }
        Arrays.sort(latencies);
        return latencies;
    }

    static String erasure(String id, String subject) {
        return "{\"subject_request_id\":\"" + id + "\",\"subject_request_type\":\"erasure\",\"regulation\":\"gdpr\","
                + "\"submitted_time\":\"" + Instant.now() + "\",\"api_version\":\"2.0\",\"subject_identities\":[{"
                + "\"identity_type\":\"controller_customer_id\",\"identity_value\":\"" + subject + "\",\"identity_format\":\"raw\"}]}";
    }

    /** CPU time (not wall time: the machine may be shared) of one signature of a typical answer. */
    private static double signCpuMicros(ProcessorIdentity identity) {
        byte[] body = erasure(UUID.randomUUID().toString(), "1234").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2000; i++) {
            identity.sign(body);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 5000;
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            identity.sign(body);
        }
        return (threads.getCurrentThreadCpuTime() - t0) / 1e3 / n;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void endToEnd(Options o, PrintStream out) throws Exception {
        Dataset data = withSubjects(DatasetReader.read(o.e2eData(), ReadOptions.label(o.e2eLabel())).dataset(), o.perSubject());
        int warmup = Math.min(1000, o.e2eRequests() / 10);
        Path dir = Files.createTempDirectory("lethe-bench-serve-e2e");
        Ledger.initialiseIfNew(dir);
        try {
            try (LetheHome home = LetheHome.open(dir)) {
                Catalog catalog = new Catalog(home.registry());
                catalog.importDataset("data", data, Map.of());
                for (String family : o.models()) {
                    long t0 = System.nanoTime();
                    catalog.train(Catalog.TrainSpec.of(family, "data", family));
                    out.printf(Locale.ROOT, "end to end: trained %s in %.1f s%n", family, (System.nanoTime() - t0) / 1e9);
                }
            }
            Map<String, Principal> keys = Map.of(KEY, new Principal("bench", Role.CONTROLLER));
            ServerAssembly.Settings settings = new ServerAssembly.Settings("127.0.0.1", 0, "localhost", null,
                    SignatureAlgorithm.ECDSA_P256, null, null, o.maxBatch(), Duration.ZERO, Duration.ofMinutes(o.scrubMinutes()),
                    Duration.ofSeconds(60));
            try (ServerAssembly server = ServerAssembly.start(LetheHome.open(dir), settings,
                    (id, secret) -> Optional.ofNullable(keys.get(id + "." + secret)))) {
                String url = "http://127.0.0.1:" + server.port() + "/requests";
                int subjects = data.size() / o.perSubject();
                List<String> warm = new ArrayList<>();
                List<String> timed = new ArrayList<>();
                for (int i = 0; i < warmup; i++) {
                    warm.add("s" + (subjects - 1 - i));
                }
                for (int i = 0; i < o.e2eRequests(); i++) {
                    timed.add("s" + i);
                }
                Workflow workflow = server.server().context().workflow();
                submit(url, warm, warm.size(), o.clients(), 0);
                awaitDone(workflow, warm.size());
                Instant startedAt = Instant.now();
                long start = System.nanoTime();
                submit(url, timed, timed.size(), o.clients(), 0);
                double submitSeconds = (System.nanoTime() - start) / 1e9;
                List<StoredRequest> done = awaitDone(workflow, warm.size() + timed.size()).stream()
                        .filter(r -> !r.receivedAt().isBefore(startedAt.minusMillis(1))).toList();
                Instant last = done.stream().map(StoredRequest::doneAt).max(Instant::compareTo).orElseThrow();
                double seconds = Duration.between(startedAt, last).toMillis() / 1e3;
                long[] latency = done.stream().mapToLong(r -> r.doneAt().toEpochMilli() - r.receivedAt().toEpochMilli()).sorted().toArray();
                long receipts = done.stream().filter(r -> workflow.receipt(r.id()).isPresent()).count();
                out.printf(Locale.ROOT, "end to end (%s, %d distinct subjects of %d records, ledger on, scrub %s): %d completed with %d receipts "
                                + "in %.2f s = %.0f completed/s (submission alone %.0f/s); latency p50 %d ms, p99 %d ms%n",
                        String.join(",", o.models()), subjects, o.perSubject(),
                        o.scrubMinutes() == 0 ? "after every batch" : "at most every " + o.scrubMinutes() + " min", done.size(), receipts, seconds,
                        done.size() / seconds, timed.size() / submitSeconds, percentile(latency, 0.5), percentile(latency, 0.99));
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static List<StoredRequest> awaitDone(Workflow workflow, int total) throws InterruptedException {
        while (true) {
            List<StoredRequest> all = workflow.requests(false, total + 10);
            if (all.size() >= total && all.stream().allMatch(r -> r.state() == RequestState.DONE)) {
                return all;
            }
            if (all.stream().anyMatch(r -> r.state() == RequestState.FAILED)) {
                throw new IllegalStateException("a request failed");
            }
            Thread.sleep(20);
        }
    }

    /** The data with subject {@code s<i / perSubject>} on row i (the data has no subject column of its own). */
    static Dataset withSubjects(Dataset d, int perSubject) {
        String[] subjects = new String[d.size()];
        double[] values = new double[d.size() * d.numFeatures()];
        double[] targets = new double[d.size()];
        double[] row = new double[d.numFeatures()];
        for (int i = 0; i < d.size(); i++) {
            System.arraycopy(d.copyRow(i, row), 0, values, i * row.length, row.length);
            targets[i] = d.target(i);
            subjects[i] = "s" + (i / perSubject);
        }
        return Dataset.of(d.schema(), values, targets, d.recordIds(), subjects);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
