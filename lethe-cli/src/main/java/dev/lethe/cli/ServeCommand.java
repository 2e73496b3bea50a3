package dev.lethe.cli;

import dev.lethe.server.ServerAssembly;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.server.auth.RateLimiter;
import dev.lethe.server.auth.TlsConnector;
import dev.lethe.store.LetheHome;
import dev.lethe.server.opendsr.SignatureAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe serve}: Lethe as a service over a home (OpenDSR 2.0 processor API, worker running continuously). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a Lethe home over HTTP (the OpenDSR 2.0 processor API at /discovery and /requests) and run "
                + "the worker continuously. Stops gracefully on SIGTERM or Ctrl-C: the batch step in progress is finished, "
                + "undelivered status callbacks stay queued in the registry, and the exit status is 0.")
final class ServeCommand implements Callable<Integer> {

    /** The environment variable holding the TLS keystore's password (never a flag: flags show in process lists). */
    static final String TLS_PASSWORD_ENV = "LETHE_TLS_PASSWORD";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--domain", defaultValue = "localhost", description = "The OpenDSR processor domain, named by the "
            + "certificate and the X-OpenDSR-Processor-Domain header (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--public-url", paramLabel = "URL", description = "Where controllers reach this server, for the "
            + "certificate and results URLs (default: http://BIND:PORT).")
    String publicUrl;

    @Option(names = "--signature", defaultValue = "ecdsa", paramLabel = "ecdsa|rsa", description = "Key type of the "
            + "self-signed certificate made in the home: ECDSA P-256 or RSA 2048 (default: ${DEFAULT-VALUE}).")
    String signature;

    @Option(names = "--certificate", paramLabel = "PEM", description = "The operator's X.509 certificate (PEM) for signing; with --key.")
    Path certificate;

    @Option(names = "--key", paramLabel = "PEM", description = "The operator's private key (PEM, unencrypted); with --certificate.")
    Path key;

    @Option(names = "--max-batch", defaultValue = "2000", description = "Most requests per batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--linger", defaultValue = "0", description = "Milliseconds to let requests gather before planning a "
            + "batch (default: ${DEFAULT-VALUE}).")
    long lingerMillis;

    @Option(names = "--batch-lease", defaultValue = "30000", paramLabel = "MILLIS", description = "Milliseconds a batch "
            + "stays this server's without its heartbeat before another server on the same PostgreSQL registry takes it "
            + "over (default: ${DEFAULT-VALUE}).")
    long batchLeaseMillis;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with this PKCS#12 keystore (its "
            + "password in $" + TLS_PASSWORD_ENV + "); without it, plain HTTP.")
    Path tlsKeystore;

    @Option(names = "--rate-limit", defaultValue = "0", paramLabel = "PER_SECOND", description = "Requests per second "
            + "each API key may make, with bursts of twice that; more get 429 with Retry-After (default: ${DEFAULT-VALUE}: "
            + "no limit).")
    double rateLimit;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new Main.UserError("--port must be 0 to 65535, got " + port);
        }
        if (maxBatch < 1 || lingerMillis < 0) {
            throw new Main.UserError("--max-batch must be at least 1 and --linger zero or more");
        }
        if (batchLeaseMillis < 300) {
            throw new Main.UserError("--batch-lease must be at least 300 milliseconds, got " + batchLeaseMillis);
        }
        ServerAssembly.Settings settings = new ServerAssembly.Settings(bind, port, domain, publicUrl,
                SignatureAlgorithm.named(signature), certificate, key, maxBatch, Duration.ofMillis(lingerMillis),
                Duration.ZERO, Duration.ofSeconds(60), Duration.ofMillis(batchLeaseMillis));
        ServerOptions options = options(tlsKeystore, System.getenv(TLS_PASSWORD_ENV), rateLimit);
        CountDownLatch stop = new CountDownLatch(1);
        ShutdownSignals.onTermination(stop::countDown);
        LetheHome opened = home.open();
        ServerAssembly started;
        try {
            started = ServerAssembly.start(opened, settings, new ApiKeyStore(opened.registry().database()), options);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        try (ServerAssembly server = started) {
            spec.commandLine().getErr().println("lethe serve: listening on " + (tlsKeystore != null ? "https" : "http")
                    + "://" + bind + ":" + server.port()
                    + " (OpenDSR at /discovery, the API at /api/v1, the dashboard at /ui); stop with SIGTERM or Ctrl-C");
            stop.await();
            spec.commandLine().getErr().println("lethe serve: stopping");
        }
        return Main.OK;
    }

    /** The HTTP options the flags ask for; TLS needs its keystore to exist and its password in the environment. */
    static ServerOptions options(Path keystore, String password, double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new Main.UserError("--rate-limit must be zero (no limit) or more requests per second, got " + perSecond);
        }
        ServerOptions options = ServerOptions.defaults();
        if (perSecond > 0) {
            options = options.withRateLimit(new RateLimiter.Limit(perSecond, (int) Math.max(1, Math.ceil(2 * perSecond))));
        }
        if (keystore != null) {
            if (!java.nio.file.Files.isRegularFile(keystore)) {
                throw new Main.UserError("--tls-keystore " + keystore + ": no such file");
            }
            if (password == null) {
                throw new Main.UserError("--tls-keystore needs the keystore's password in $" + TLS_PASSWORD_ENV);
            }
            options = options.withTls(new TlsConnector(keystore, password));
        }
        return options;
    }
}
