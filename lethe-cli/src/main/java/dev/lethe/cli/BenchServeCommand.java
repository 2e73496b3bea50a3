package dev.lethe.cli;

import dev.lethe.server.opendsr.OpenDsrBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe bench serve}: the OpenDSR processor's submission rate and end-to-end completion (see {@link OpenDsrBenchmark}). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "OpenDSR over loopback HTTP on an embedded registry: accepted erasure requests/s with p50/p99 for each "
                + "signature algorithm, and end to end: erasures completed with receipts per second with p50/p99 latency.")
final class BenchServeCommand implements Callable<Integer> {

    @Option(names = "--insteval", defaultValue = "data/lme4_InstEval.csv.gz", description = "InstEval ratings (subjects: column s).")
    Path instEval;

    @Option(names = "--requests", defaultValue = "20000", description = "Timed submissions per algorithm (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "5000", description = "Untimed submissions first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--signature", defaultValue = "ecdsa,rsa", split = ",", description = "Algorithms to time (default: ${DEFAULT-VALUE}).")
    List<String> algorithms;

    @Option(names = "--e2e-requests", defaultValue = "10000", description = "End-to-end erasures, one per distinct subject (0: skip).")
    int e2eRequests;

    @Option(names = "--e2e-data", defaultValue = "data/AER_Fertility.csv.gz", description = "Data for the end-to-end part.")
    Path e2eData;

    @Option(names = "--e2e-label", defaultValue = "morekids", description = "Its label column (default: ${DEFAULT-VALUE}).")
    String e2eLabel;

    @Option(names = "--per-subject", defaultValue = "5", description = "Rows per synthetic subject of the end-to-end data.")
    int perSubject;

    @Option(names = "--models", defaultValue = "nb,ridge,forest", split = ",", description = "Models for the end-to-end part.")
    List<String> models;

    @Option(names = "--max-batch", defaultValue = "5000", description = "The worker's largest batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--linger", defaultValue = "0", paramLabel = "MILLIS", description = "The worker's --linger: how long "
            + "requests gather before a batch is planned (default: ${DEFAULT-VALUE}, as lethe serve).")
    long lingerMillis;

    @Option(names = "--scrub-minutes", defaultValue = "0", description = "The worker's --scrub-interval (default: "
            + "${DEFAULT-VALUE}: rewrite the registry after every batch).")
    int scrubMinutes;

    @Option(names = "--db", paramLabel = "JDBC-URL", description = "Submissions on this PostgreSQL database (a fresh schema, "
            + "dropped afterwards; user and password from $LETHE_DB_USER / $LETHE_DB_PASSWORD) instead of embedded H2.")
    String db;

    @Option(names = "--servers", defaultValue = "1", split = ",", description = "Servers sharing the --db registry, each list "
            + "entry a run (e.g. 1,2; default: ${DEFAULT-VALUE}); the clients are spread over them.")
    List<Integer> servers;

    @Override
    public Integer call() throws Exception {
        OpenDsrBenchmark.run(new OpenDsrBenchmark.Options(instEval, e2eData, e2eLabel, perSubject, requests, warmup, clients,
                algorithms, e2eRequests, models, maxBatch, lingerMillis, scrubMinutes, db, servers), System.out);
        return Main.OK;
    }
}
