package dev.lethe.cli;

import dev.lethe.server.KeyVerifier;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerAssembly;
import dev.lethe.server.opendsr.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
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

    /** Until API keys are stored in the registry: one controller key, given only through the environment. */
    static final String BOOTSTRAP_KEY_ENV = "LETHE_BOOTSTRAP_CONTROLLER_KEY";

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
        ServerAssembly.Settings settings = new ServerAssembly.Settings(bind, port, domain, publicUrl,
                SignatureAlgorithm.named(signature), certificate, key, maxBatch, Duration.ofMillis(lingerMillis),
                Duration.ZERO, Duration.ofSeconds(60));
        CountDownLatch stop = new CountDownLatch(1);
        ShutdownSignals.onTermination(stop::countDown);
        try (ServerAssembly server = ServerAssembly.start(home.open(), settings, keys(System.getenv(BOOTSTRAP_KEY_ENV)))) {
            spec.commandLine().getErr().println("lethe serve: listening on http://" + bind + ":" + server.port()
                    + " (OpenDSR at /discovery); stop with SIGTERM or Ctrl-C");
            stop.await();
            spec.commandLine().getErr().println("lethe serve: stopping");
        }
        return Main.OK;
    }

    /** The bootstrap controller key ({@code ID.SECRET}) from the environment, or no key at all. */
    static KeyVerifier keys(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            return KeyVerifier.NONE;
        }
        int dot = bootstrap.indexOf('.');
        if (dot <= 0 || dot == bootstrap.length() - 1) {
            throw new Main.UserError("$" + BOOTSTRAP_KEY_ENV + " must have the form ID.SECRET");
        }
        String id = bootstrap.substring(0, dot);
        byte[] secret = bootstrap.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        return (keyId, given) -> id.equals(keyId) && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(new Principal(id, Role.CONTROLLER)) : Optional.empty();
    }
}
