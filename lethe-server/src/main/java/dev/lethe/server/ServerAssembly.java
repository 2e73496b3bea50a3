package dev.lethe.server;

import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.LetheException;
import dev.lethe.server.opendsr.CallbackDispatcher;
import dev.lethe.server.opendsr.IdentityMap;
import dev.lethe.server.opendsr.OpenDsrModule;
import dev.lethe.server.opendsr.OpenDsrService;
import dev.lethe.server.opendsr.ProcessorIdentity;
import dev.lethe.server.opendsr.SignatureAlgorithm;
import dev.lethe.store.LetheHome;
import dev.lethe.store.StoreException;
import dev.lethe.store.WorkerLease;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code lethe serve} as one object: over an open home it builds the server context and the list of
 * modules, starts the HTTP server, the OpenDSR callback dispatcher and the worker, which runs
 * continuously in a background thread as {@code lethe worker} does (batches, linger, settling idle
 * forests). {@link #close} stops gracefully: no new HTTP requests, the batch step in progress finished
 * (or, past the grace period, abandoned: every step is idempotent and a restarted worker resumes it),
 * undelivered callbacks left queued in the registry, the worker's lease and the home's pool closed.
 */
public final class ServerAssembly implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ServerAssembly.class.getName());

    /**
     * How to serve.
     *
     * @param domain      the OpenDSR processor domain (the certificate's name)
     * @param publicUrl   where controllers reach the server, or null for {@code http://BIND:PORT}
     * @param certificate the operator's certificate (PEM), or null for a self-signed one kept in the home
     * @param key         the operator's private key (PEM), with {@code certificate}
     * @param batchLease  how long a batch stays this server's without a heartbeat before another server
     *                    on the same PostgreSQL registry may take it over
     */
    public record Settings(String bind, int port, String domain, String publicUrl, SignatureAlgorithm algorithm,
                           Path certificate, Path key, int maxBatch, Duration linger, Duration scrubInterval,
                           Duration gracePeriod, Duration batchLease) {
        public Settings {
            Objects.requireNonNull(batchLease, "batchLease");
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(algorithm, "algorithm");
            if ((certificate == null) != (key == null)) {
                throw new dev.lethe.model.OptionsException("an operator's certificate needs its private key, and the other way round");
            }
        }

        /** Settings with the worker's default batch lease (30 s). */
        public Settings(String bind, int port, String domain, String publicUrl, SignatureAlgorithm algorithm,
                        Path certificate, Path key, int maxBatch, Duration linger, Duration scrubInterval,
                        Duration gracePeriod) {
            this(bind, port, domain, publicUrl, algorithm, certificate, key, maxBatch, linger, scrubInterval, gracePeriod,
                    Worker.Config.defaults().lease());
        }

        public static Settings defaults() {
            return new Settings("127.0.0.1", 8080, "localhost", null, SignatureAlgorithm.ECDSA_P256, null, null, 2000,
                    Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60));
        }

        public Settings withPort(int p) {
            return new Settings(bind, p, domain, publicUrl, algorithm, certificate, key, maxBatch, linger, scrubInterval, gracePeriod, batchLease);
        }

        public Settings withLinger(Duration l) {
            return new Settings(bind, port, domain, publicUrl, algorithm, certificate, key, maxBatch, l, scrubInterval, gracePeriod, batchLease);
        }

        public Settings withBatchLease(Duration d) {
            return new Settings(bind, port, domain, publicUrl, algorithm, certificate, key, maxBatch, linger, scrubInterval, gracePeriod, d);
        }

        public Settings withAlgorithm(SignatureAlgorithm a) {
            return new Settings(bind, port, domain, publicUrl, a, certificate, key, maxBatch, linger, scrubInterval, gracePeriod, batchLease);
        }
    }

    private final LetheHome home;
    private final WorkerLease lease;
    private final Worker worker;
    private final LetheServer server;
    private final CallbackDispatcher callbacks;
    private final Thread workerThread;
    private final Duration grace;
    private volatile boolean stopping;
    private boolean closed;

    private ServerAssembly(LetheHome home, Settings settings, KeyVerifier keys, ServerOptions options) {
        this.home = home;
        this.lease = home.claimWorker();
        OpenDsrService openDsr;
        try {
            home.registry().scrubAtMostEvery(settings.scrubInterval());
            ServerContext context = new ServerContext(home, Workflow.inHome(home), keys,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            ProcessorIdentity identity = settings.certificate() != null
                    ? ProcessorIdentity.fromPem(settings.domain(), settings.certificate(), settings.key())
                    : ProcessorIdentity.inHome(home.dir().resolve("opendsr"), settings.domain(), settings.algorithm());
            openDsr = new OpenDsrService(context, identity, IdentityMap.inHome(home.dir()));
            this.worker = new Worker(home.registry(), Worker.Config.defaults().withMaxBatch(settings.maxBatch())
                    .withLinger(settings.linger()).withLease(settings.batchLease()).withSink(LedgerReceiptSink.inHome(home.dir(), home.registry()))
                    .withObserver(new dev.lethe.server.ops.WorkerMetrics(context.meters())));
            this.server = LetheServer.create(context, options, modules(context, openDsr, settings));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        try {
            server.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            worker.close();
            lease.close();
            throw e;
        }
        String url = settings.publicUrl() != null ? settings.publicUrl()
                : (options.tls() != null ? "https://" : "http://") + settings.bind() + ":" + server.port();
        this.callbacks = CallbackDispatcher.standard(openDsr, url).start();
        this.workerThread = new Thread(this::runWorker, "lethe-worker");
        this.grace = settings.gracePeriod();
        workerThread.start();
    }

    /** The modules {@code lethe serve} runs, one per line (each area of the server adds its own). */
    public static List<ServerModule> modules(ServerContext context, OpenDsrService openDsr, Settings settings) {
        List<ServerModule> modules = new java.util.ArrayList<>();
        modules.add(new OpenDsrModule(openDsr, settings.publicUrl()));
        modules.addAll(dev.lethe.server.api.ApiModules.all());
        modules.add(new dev.lethe.server.dashboard.DashboardModule());
        return List.copyOf(modules);
    }

    /**
     * Serves {@code home} (which the assembly then owns and closes) with API keys checked by {@code keys}.
     *
     * @throws StoreException of kind CONFLICT when another worker holds the registry
     */
    public static ServerAssembly start(LetheHome home, Settings settings, KeyVerifier keys) {
        return start(home, settings, keys, ServerOptions.defaults());
    }

    /** As {@link #start(LetheHome, Settings, KeyVerifier)}, with the HTTP layer's options (body limit, rate limit, TLS). */
    public static ServerAssembly start(LetheHome home, Settings settings, KeyVerifier keys, ServerOptions options) {
        return new ServerAssembly(home, settings, keys, options);
    }

    public int port() {
        return server.port();
    }

    public LetheServer server() {
        return server;
    }

    /** Whether the background worker is still running. */
    public boolean workerRunning() {
        return workerThread.isAlive();
    }

    private void runWorker() {
        while (!stopping) {
            try {
                worker.run(() -> stopping, Duration.ofMillis(200));
            } catch (InterruptedException e) {
                return;
            } catch (StoreException e) {
                if (e.kind() != LetheException.Kind.UNAVAILABLE) {
                    LOG.log(System.Logger.Level.ERROR, "worker: " + e.getMessage());
                }
                pause();
            } catch (RuntimeException e) {
                // a defect in one batch must not stop the service; the batch resumes from its last step
                LOG.log(System.Logger.Level.ERROR, "worker failed; resuming in 5 s", e);
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Stops gracefully (idempotent): HTTP first, then callbacks, then the worker after its current step. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        try {
            server.close();
        } finally {
            try {
                callbacks.close();
                workerThread.join(Math.max(1, grace.toMillis()));
                if (workerThread.isAlive()) {
                    workerThread.interrupt(); // abandon the step: a restarted worker resumes the batch
                    workerThread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                worker.close();
                lease.close();
                home.close();
            }
        }
    }
}
