package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.ReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * End-to-end throughput of subject requests through the workflow (submit → done): a Fertility-sized
 * dataset with synthetic subjects owning {@code --per-subject} records each is imported, the models
 * are trained, then {@code --threads} submitters send {@code --requests} subject requests (distinct
 * subjects) while one worker processes them in batches. Latency is received → done as recorded by
 * the registry (millisecond resolution). {@code --ledger true} also appends every receipt to the
 * home's signed ledger, as {@code lethe worker} does by default.
 *
 * <pre>
 * java -cp … dev.lethe.bench.WorkflowBenchmark --data data/AER_Fertility.csv.gz --label morekids \
 *      [--db h2 | jdbc:postgresql://…] [--models nb,ridge] [--requests 10000] [--threads 8] [--max-batch 5000] [--linger-ms 0] [--ledger false]
 *      [--scrub-minutes 0] [--workers 1] [--ledger-in home|file] [--warmup 10000] [--warmup-passes 12]
 *      [--warmup-home separate|same]
 * </pre>
 * The JIT warms up on separate homes ({@code --warmup-home separate}, the default): {@code --warmup-passes} times,
 * a fresh home with its own copy of the data and models runs {@code --warmup} requests exactly as the timed pass
 * does, then a fresh home is timed whose
 * models have forgotten nothing (issue 11 §9: a warm-up must not change what is measured); its worker loads
 * the models and subject index first, as a running service holds them. The run prints what the measured home
 * lost before timing, and how much time the JIT compilers spent during each warm-up pass and the timed pass:
 * after one warm-up pass C2 still compiled for about 3 s of CPU in the timed pass (a third of its CPU, on code
 * that a service running for days has long compiled). Code that runs once per batch or per group commit
 * reaches C2 only after many batches, so the compile time falls slowly, pass after pass (about 4, 2.3, 2.3, 1.6,
 * 1.6 and 1.1 s on this 2-core machine; 0.1-0.75 s from the eighth pass on, in quiet runs), which is why twelve
 * passes are the default, each on a fresh home (a fresh home's first batch stores each model's whole encoding and
 * purges the trained version, work a home that already forgot does not repeat). On H2 each warm-up home is a copy of
 * one home imported and trained once (a template), so a pass costs the pass, not four times as much again for the
 * import and training. The measured home is imported and trained before the warm-up, so the training code is not
 * what the JIT compiled last. {@code same} is the old warm-up on the measured home's own subjects, for comparison.
 * {@code --workers N} (PostgreSQL only) runs N workers on the registry, each with its own connection
 * pool, model cache and ledger sink, as N {@code lethe serve} processes would.
 * {@code --scrub-minutes} is the worker's {@code --scrub-interval}: 0 (the default) rewrites the
 * registry's storage after every batch so erased data leaves the disk at once; more defers that rewrite.
 */
public final class WorkflowBenchmark {

    private WorkflowBenchmark() {
    }

    /**
     * The worker's ledger sink with {@code --ledger true}: the ledger where the home keeps it (in the
     * registry on PostgreSQL), or with {@code --ledger-in file} the home's file whatever the registry (how
     * every home kept it before, for comparing the two on one registry).
     */
    private static ReceiptSink ledgerSink(Map<String, String> opts, Path home, dev.lethe.store.Registry registry) {
        if (!Boolean.parseBoolean(opts.get("--ledger"))) {
            return ReceiptSink.NONE;
        }
        return "file".equals(opts.get("--ledger-in"))
                ? new LedgerReceiptSink(dev.lethe.audit.ledger.Ledger.open(home), registry) : LedgerReceiptSink.inHome(home, registry);
    }

    /** A home with the data imported and the models trained, its workflow and its worker. */
    private record Setup(Path dir, String url, LetheHome home, Workflow workflow, Worker worker) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            deleteTree(closeAsTemplate());
        }

        /** Closes the home and keeps its directory, as a template for {@link #copyOf}. */
        Path closeAsTemplate() {
            worker.close();
            home.close();
            return dir;
        }
    }

    /** A fresh home (a fresh schema on PostgreSQL) holding {@code data} and the trained models. */
    private static Setup setUp(Map<String, String> opts, Dataset data, List<String> families, boolean report) throws Exception {
        Path dir = Files.createTempDirectory("lethe-bench-home");
        String db = opts.get("--db");
        String url = db.equals("h2") ? null : freshSchema(db);
        dev.lethe.audit.ledger.Ledger.initialiseIfNew(dir);
        LetheHome lethe = LetheHome.open(dir, url, null, null);
        importAndTrain(lethe, opts, data, families, report);
        return withWorker(opts, dir, url, lethe);
    }

    /**
     * A fresh embedded home for a warm-up pass: a copy of {@code template}, a closed home that {@link #setUp}
     * made, so the pass starts from exactly the state the import and training leave, without repeating them
     * (they take about four times as long as the pass itself).
     */
    private static Setup copyOf(Path template, Map<String, String> opts) throws Exception {
        Path dir = Files.createTempDirectory("lethe-bench-home");
        try (var paths = Files.walk(template)) {
            for (Path p : paths.toList()) {
                Path to = dir.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return withWorker(opts, dir, null, LetheHome.open(dir, null, null, null));
    }

    private static void importAndTrain(LetheHome lethe, Map<String, String> opts, Dataset data, List<String> families,
                                       boolean report) {
        Catalog catalog = new Catalog(lethe.registry());
        long t0 = System.nanoTime();
        catalog.importDataset("fertility", data, Map.of("file", opts.get("--data")));
        if (report) {
            System.out.printf(Locale.ROOT, "import: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        for (String f : families) {
            t0 = System.nanoTime();
            catalog.train(Catalog.TrainSpec.of(f, "fertility", f));
            if (report) {
                System.out.printf(Locale.ROOT, "train %s: %.1f s%n", f, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static Setup withWorker(Map<String, String> opts, Path dir, String url, LetheHome lethe) {
        lethe.registry().scrubAtMostEvery(Duration.ofMinutes(Long.parseLong(opts.get("--scrub-minutes"))));
        Worker worker = new Worker(lethe.registry(), Worker.Config.defaults()
                .withMaxBatch(Integer.parseInt(opts.get("--max-batch"))).withSink(ledgerSink(opts, dir, lethe.registry()))
                .withLinger(Duration.ofMillis(Long.parseLong(opts.get("--linger-ms")))));
        return new Setup(dir, url, lethe, new Workflow(lethe.registry()), worker);
    }

    /** What one pass of {@code requests} subject requests through a home measured. */
    private record Pass(double seconds, double submitSeconds, double cpuSeconds) {
    }

    /**
     * {@code threads} submitters send the subject requests {@code prefix-i} for subjects s0 … s(requests-1)
     * while the home's worker (and {@code workers - 1} more on a shared registry) carries them out; returns
     * once every request is done.
     */
    private static Pass pass(Setup s, Map<String, String> opts, String prefix, int requests) throws Exception {
        int threads = Integer.parseInt(opts.get("--threads"));
        int workers = Integer.parseInt(opts.get("--workers"));
        AtomicBoolean submitting = new AtomicBoolean(true);
        List<Thread> workerThreads = new ArrayList<>();
        List<AutoCloseable> extras = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Worker each = s.worker();
            if (w > 0) { // another worker on the same registry, as another server process would run it
                LetheHome other = LetheHome.open(s.dir(), s.url(), null, null);
                extras.add(other);
                each = new Worker(other.registry(), Worker.Config.defaults()
                        .withMaxBatch(Integer.parseInt(opts.get("--max-batch")))
                        .withSink(ledgerSink(opts, s.dir(), other.registry())));
                each.warmUp();
                extras.add(0, each);
            }
            Worker running = each;
            workerThreads.add(new Thread(() -> {
                try {
                    running.run(() -> !submitting.get()
                            && s.home().registry().requests().counts().get(RequestState.SUBMITTED) == 0
                            && s.home().registry().requests().openBatches().isEmpty(), Duration.ofMillis(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + w));
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        workerThreads.forEach(Thread::start);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = thread; i < requests; i += threads) {
                    s.workflow().submit(prefix + i, new ForgetRequest.Subject("s" + i));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        submitting.set(false);
        for (Thread t : workerThreads) {
            t.join();
        }
        for (AutoCloseable c : extras) {
            c.close();
        }
        return new Pass((System.nanoTime() - start) / 1e9, submitSeconds, (os.getProcessCpuTime() - cpuStart) / 1e9);
    }

    /** Records the home's stored dataset and each model's current version lost since import. */
    private static String lostRecords(Setup s, int imported) {
        var registry = s.home().registry();
        StringBuilder out = new StringBuilder();
        for (dev.lethe.store.DatasetInfo d : registry.datasets().list()) {
            out.append("dataset ").append(d.name()).append(' ').append(imported - registry.datasets().liveCount(d.id()));
        }
        for (dev.lethe.store.ModelInfo m : registry.models().list()) {
            out.append(", ").append(m.name()).append(' ')
                    .append(imported - registry.models().version(m.name(), m.currentVersion()).lineage().size());
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.LinkedHashMap<>(Map.of("--db", "h2", "--models", "nb,ridge",
                "--requests", "10000", "--warmup", "10000", "--threads", "8", "--max-batch", "5000", "--per-subject", "5",
                "--data", "data/AER_Fertility.csv.gz", "--label", "morekids"));
        opts.put("--ledger", "false");
        opts.put("--ledger-in", "home");
        opts.put("--linger-ms", "0");
        opts.put("--scrub-minutes", "0");
        opts.put("--workers", "1");
        opts.put("--warmup-home", "separate");
        opts.put("--warmup-passes", "12");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        int requests = Integer.parseInt(opts.get("--requests"));
        int warmup = Integer.parseInt(opts.get("--warmup"));
        int perSubject = Integer.parseInt(opts.get("--per-subject"));
        int warmupPasses = Integer.parseInt(opts.get("--warmup-passes"));
        boolean separate = switch (opts.get("--warmup-home")) {
            case "separate" -> true;
            case "same" -> false;
            default -> throw new IllegalArgumentException("--warmup-home is separate or same, got " + opts.get("--warmup-home"));
        };
        List<String> families = List.of(opts.get("--models").split(","));

        Dataset data = withSubjects(DatasetReader.read(Path.of(opts.get("--data")),
                ReadOptions.label(opts.get("--label"))).dataset(), perSubject);
        int subjects = (data.size() + perSubject - 1) / perSubject;
        if (warmupPasses < 1) {
            throw new IllegalArgumentException("--warmup-passes must be at least 1, got " + warmupPasses);
        }
        if (Math.max(requests, warmup) > subjects || !separate && requests + warmup > subjects) {
            throw new IllegalArgumentException("--requests and --warmup need more than the " + subjects + " subjects");
        }
        int workers = Integer.parseInt(opts.get("--workers"));
        if (workers < 1 || workers > 1 && opts.get("--db").equals("h2")) {
            throw new IllegalArgumentException("--workers above 1 needs a PostgreSQL registry (--db jdbc:postgresql:…)");
        }
        System.out.printf(Locale.ROOT, "data: %d rows, %d subjects of %d records; models %s; db %s; ledger %s; "
                        + "batches of at most %s, linger %s ms, scrub every %s min (0: after each batch); %d worker(s); "
                        + "warm-up %d requests on %s home%n", data.size(),
                subjects, perSubject, families, opts.get("--db").equals("h2") ? "H2 (embedded)" : "PostgreSQL",
                Boolean.parseBoolean(opts.get("--ledger")) ? "on (" + opts.get("--ledger-in") + ")" : "off", opts.get("--max-batch"),
                opts.get("--linger-ms"), opts.get("--scrub-minutes"), workers, warmup, separate ? "a separate" : "the measured");
        // the measured home is set up (import, training) before the warm-up, so that what the JIT compiles last is
        // the forget path the timed pass runs, not the training code
        try (Setup s = setUp(opts, data, families, true)) {
            if (separate && warmup > 0) { // the JIT warms on a copy: the measured home forgets nothing before timing
                long t0 = System.nanoTime();
                StringBuilder rates = new StringBuilder();
                Path template = s.url() == null ? setUp(opts, data, families, false).closeAsTemplate() : null;
                try {
                    for (int pass = 0; pass < warmupPasses; pass++) { // each on a fresh home, as the timed pass runs
                        try (Setup w = template != null ? copyOf(template, opts) : setUp(opts, data, families, false)) {
                            w.worker().warmUp();
                            long jitBefore = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                            Pass p = pass(w, opts, "warmup-", warmup);
                            long jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
                            rates.append(pass == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f/s (JIT %d ms)", warmup / p.seconds(), jit));
                        }
                    }
                } finally {
                    if (template != null) {
                        deleteTree(template);
                    }
                }
                System.out.printf(Locale.ROOT, "warm-up on separate homes: %d pass(es) of %d requests, %s (%.1f s with their set-up)%n",
                        warmupPasses, warmup, rates, (System.nanoTime() - t0) / 1e9);
            }
            Workflow workflow = s.workflow();
            Worker worker = s.worker();
            if (!separate) { // the old warm-up: subjects beyond those measured, forgotten by the measured home
                for (int i = 0; i < warmup; i++) {
                    workflow.submit("warmup-" + i, new ForgetRequest.Subject("s" + (subjects - 1 - i)));
                    if (i % 1000 == 999) {
                        worker.drain();
                    }
                }
                worker.drain();
                worker.settle(); // the warm-up's deferred work (pending forest subtrees) is not the timed requests'
            }
            worker.warmUp(); // a running service holds its models and subject index in memory
            System.out.println("records the measured home lost before timing: " + lostRecords(s, data.size()));
            Instant startedAt = Instant.now();
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            long jitBefore = jit.getTotalCompilationTime();
            RegistryWrites writes = RegistryWrites.start(s.home().registry().database(), s.dir());
            Pass p = pass(s, opts, "bench-", requests);
            long jitMillis = jit.getTotalCompilationTime() - jitBefore;
            String written = writes.stop(requests);
            double seconds = p.seconds();
            List<StoredRequest> done = s.home().registry().requests().list(false, Instant.now(), requests + warmup + 10).stream()
                    .filter(r -> r.id().startsWith("bench-")).toList();
            long[] latency = done.stream().mapToLong(r -> r.doneAt().toEpochMilli() - r.receivedAt().toEpochMilli()).sorted().toArray();
            long batches = done.stream().map(StoredRequest::batchId).distinct().count();
            System.out.printf(Locale.ROOT, "%d subject requests (%d records) in %.2f s: %.0f requests/s end to end "
                            + "(submission alone %.0f/s); %d batches; latency p50 %d ms, p99 %d ms, max %d ms%n",
                    done.size(), done.size() * perSubject, seconds, done.size() / seconds, requests / p.submitSeconds(), batches,
                    percentile(latency, 0.5), percentile(latency, 0.99), latency[latency.length - 1]);
            if (done.stream().anyMatch(r -> r.state() != RequestState.DONE) || done.size() != requests) {
                throw new IllegalStateException("not every request completed");
            }
            System.out.printf(Locale.ROOT, "process CPU %.2f s (%.2f cores busy on average, %.0f µs per request); "
                            + "JIT compilers during the timed pass: %d ms%n",
                    p.cpuSeconds(), p.cpuSeconds() / seconds, p.cpuSeconds() * 1e6 / done.size(), jitMillis);
            System.out.println(written);
            System.out.println("started " + startedAt);
        }
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** The data with subject "s{i / perSubject}" on row i. */
    static Dataset withSubjects(Dataset d, int perSubject) {
        int n = d.size();
        int f = d.numFeatures();
        double[] values = new double[n * f];
        double[] targets = new double[n];
        String[] subjects = new String[n];
        double[] row = new double[f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(d.copyRow(i, row), 0, values, i * f, f);
            targets[i] = d.target(i);
            subjects[i] = "s" + (i / perSubject);
        }
        return Dataset.of(d.schema(), values, targets, d.recordIds(), subjects);
    }

    /** A new schema in the database at {@code url}, and the URL that uses it. */
    static String freshSchema(String url) throws SQLException {
        String schema = "bench_" + System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(url, System.getenv("LETHE_DB_USER"), System.getenv("LETHE_DB_PASSWORD"));
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
