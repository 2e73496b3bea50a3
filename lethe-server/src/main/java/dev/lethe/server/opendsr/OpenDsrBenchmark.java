package dev.lethe.server.opendsr;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.Workflow;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Role;
import dev.lethe.server.ServerAssembly;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
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
                          int clients, List<String> algorithms, int e2eRequests, List<String> models, int maxBatch, long lingerMillis, int scrubMinutes,
                          String db, List<Integer> servers) {
        public Options {
            if (db == null && servers.stream().anyMatch(n -> n != 1)) {
                throw new dev.lethe.model.OptionsException("--servers above 1 needs --db: several servers share a PostgreSQL registry");
            }
            if (servers.stream().anyMatch(n -> n < 1 || n > clients)) {
                throw new dev.lethe.model.OptionsException("--servers must be between 1 and --clients (" + clients + ")");
            }
        }
    }

    private OpenDsrBenchmark() {
    }

    public static void run(Options o, PrintStream out) throws Exception {
        Dataset inst = DatasetReader.read(o.instEval(), ReadOptions.label("y").withSubject("s")).dataset();
        List<String> students = new ArrayList<>(new TreeSet<>(inst.subjects()));
        out.printf(Locale.ROOT, "InstEval: %d ratings by %d students; %d clients, %d timed requests after %d warm-up; "
                + "%d processors%n", inst.size(), students.size(), o.clients(), o.requests(), o.warmup(),
                Runtime.getRuntime().availableProcessors());
        for (String algorithm : o.algorithms()) {
            for (int servers : o.servers()) {
                submissions(inst, students, SignatureAlgorithm.named(algorithm), servers, o, out);
            }
        }
        if (o.e2eRequests() > 0) {
            endToEnd(o, out);
        }
    }

    private static void submissions(Dataset inst, List<String> students, SignatureAlgorithm algorithm, int servers, Options o,
                                    PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("lethe-bench-serve");
        Ledger.initialiseIfNew(dir);
        List<AutoCloseable> open = new ArrayList<>();
        try (BenchRegistry registry = BenchRegistry.create(o.db())) {
            List<LetheHome> homes = new ArrayList<>();
            for (int i = 0; i < servers; i++) { // on PostgreSQL each server has its own pool, as separate processes would
                LetheHome home = registry.open(dir);
                open.add(0, home);
                homes.add(home);
            }
            new Catalog(homes.get(0).registry()).importDataset("insteval", inst, Map.of());
            String key = new ApiKeyStore(homes.get(0).registry().database()).create(Role.CONTROLLER, "bench").printed();
            ProcessorIdentity identity = ProcessorIdentity.selfSigned("localhost", algorithm);
            List<Integer> ports = new ArrayList<>();
            OpenDsrService first = null;
            for (LetheHome home : homes) {
                ServerContext context = new ServerContext(home, Workflow.inHome(home), new ApiKeyStore(home.registry().database()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
                OpenDsrService service = new OpenDsrService(context, identity, IdentityMap.customerIds());
                first = first == null ? service : first;
                // every module `lethe serve` runs (metrics, native API, dashboard), without the worker
                LetheServer server = LetheServer.create(context, ServerOptions.defaults(),
                        ServerAssembly.modules(context, service, ServerAssembly.Settings.defaults())).start("127.0.0.1", 0);
                open.add(0, server);
                ports.add(server.port());
            }
            submit(ports, key, students, o.warmup(), o.clients(), 0);
            Map<String, Long> threadsBefore = threadCpu();
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            Sent sent = submit(ports, key, students, o.requests(), o.clients(), o.warmup());
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuPerRequest = (processCpuNanos() - cpu0) / 1e3 / o.requests();
            Map<String, Long> threadsAfter = threadCpu();
            double handlers = (threadsAfter.getOrDefault(HANDLER_THREADS, 0L) - threadsBefore.getOrDefault(HANDLER_THREADS, 0L)) / 1e3 / o.requests();
            double writer = (threadsAfter.getOrDefault(WRITER_THREAD, 0L) - threadsBefore.getOrDefault(WRITER_THREAD, 0L)) / 1e3 / o.requests();
            double clientPerRequest = sent.clientCpuNanos() / 1e3 / o.requests();
            double serverPerRequest = cpuPerRequest - clientPerRequest;
            int stored = first.store().count();
            if (stored != o.warmup() + o.requests()) {
                throw new IllegalStateException((o.warmup() + o.requests()) + " requests were accepted but the registry holds " + stored);
            }
            double signMicros = signCpuMicros(identity);
            long[] latencies = sent.latencies();
            out.printf(Locale.ROOT, "submissions, %s, %s, %d server%s: %d accepted (all %d in the registry) in %.2f s = %.0f/s; "
                            + "latency p50 %.1f ms, p99 %.1f ms; CPU per request %.0f µs = server %.0f (HTTP threads %.0f, group commit %.0f, "
                            + "JIT, GC and the rest %.0f) + clients %.0f%s; signing %.0f µs CPU per signature, 2 per answer = %.0f%% of "
                            + "the server's CPU%n",
                    algorithm, registry.describe(), servers, servers == 1 ? "" : "s", latencies.length, stored, seconds,
                    o.requests() / seconds, percentile(latencies, 0.5) / 1e6, percentile(latencies, 0.99) / 1e6, cpuPerRequest,
                    serverPerRequest, handlers, writer, serverPerRequest - handlers - writer, clientPerRequest, registry.shared() ? " (without the PostgreSQL server's own)" : "",
                    signMicros, 100 * 2 * signMicros / serverPerRequest);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            deleteTree(dir);
        }
    }

    /** What {@link #submit} measured: the sorted latencies (ns) and the CPU time its client threads used. */
    record Sent(long[] latencies, long clientCpuNanos) {
    }

    /**
     * Sends {@code n} erasure requests from {@code clients} threads, each over its own kept-alive
     * connection (to the servers at {@code ports} in turn) and waiting for its answer; every one must
     * be accepted (201).
     */
    private static Sent submit(List<Integer> ports, String key, List<String> subjects, int n, int clients, int offset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[] latencies = new long[n];
        AtomicInteger refused = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong clientCpu = new java.util.concurrent.atomic.AtomicLong();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long cpu0 = threads.getCurrentThreadCpuTime();
                try (KeepAliveClient http = new KeepAliveClient("127.0.0.1", ports.get(client % ports.size()), "/requests", "Authorization: Bearer " + key + "\r\n")) {
                    for (int i = client; i < n; i += clients) {
                        String subject = subjects.get((offset + i) % subjects.size());
                        byte[] body = erasure(UUID.randomUUID().toString(), subject).getBytes(StandardCharsets.UTF_8);
                        long t0 = System.nanoTime();
                        KeepAliveClient.Response response = http.post(body);
                        latencies[i] = System.nanoTime() - t0;
                        if (response.status() != 201) {
                            refused.incrementAndGet();
                        }
                    }
                } finally {
                    clientCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpu0);
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
        return new Sent(latencies, clientCpu.get());
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

    private static final String HANDLER_THREADS = "JettyServerThreadPool";
    private static final String WRITER_THREAD = "lethe-group-commit";

    /** CPU time of the live threads so far, summed by name without its numbers (the server's HTTP threads, its group-commit writer). */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                out.merge(info.getThreadName().replaceAll("-?\\d+", ""), cpu, Long::sum);
            }
        }
        return out;
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
            ServerAssembly.Settings settings = new ServerAssembly.Settings("127.0.0.1", 0, "localhost", null,
                    SignatureAlgorithm.ECDSA_P256, null, null, o.maxBatch(), Duration.ofMillis(o.lingerMillis()), Duration.ofMinutes(o.scrubMinutes()),
                    Duration.ofSeconds(60));
            LetheHome served = LetheHome.open(dir);
            ApiKeyStore keys = new ApiKeyStore(served.registry().database());
            String key = keys.create(Role.CONTROLLER, "bench").printed();
            try (ServerAssembly server = ServerAssembly.start(served, settings, keys)) {
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
                submit(List.of(server.port()), key, warm, warm.size(), o.clients(), 0);
                awaitDone(workflow, warm.size());
                Instant startedAt = Instant.now();
                long start = System.nanoTime();
                submit(List.of(server.port()), key, timed, timed.size(), o.clients(), 0);
                double submitSeconds = (System.nanoTime() - start) / 1e9;
                List<StoredRequest> done = awaitDone(workflow, warm.size() + timed.size()).stream()
                        .filter(r -> !r.receivedAt().isBefore(startedAt.minusMillis(1))).toList();
                Instant last = done.stream().map(StoredRequest::doneAt).max(Instant::compareTo).orElseThrow();
                double seconds = Duration.between(startedAt, last).toMillis() / 1e3;
                long[] latency = done.stream().mapToLong(r -> r.doneAt().toEpochMilli() - r.receivedAt().toEpochMilli()).sorted().toArray();
                long receipts = done.stream().filter(r -> workflow.receipt(r.id()).isPresent()).count();
                out.printf(Locale.ROOT, "end to end (%s, %d distinct subjects of %d records, ledger on, linger %d ms, scrub %s): %d completed with %d receipts "
                                + "in %.2f s = %.0f completed/s (submission alone %.0f/s); latency p50 %d ms, p99 %d ms%n",
                        String.join(",", o.models()), subjects, o.perSubject(), o.lingerMillis(),
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
