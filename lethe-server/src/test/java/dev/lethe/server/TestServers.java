package dev.lethe.server;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.engine.Workflow;
import dev.lethe.store.LetheHome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: a fresh home and a context over it with fixed bearer keys. */
public final class TestServers {

    private TestServers() {}

    /** A context over a new H2 home in {@code dir}; {@code keys} maps printed keys (ID.SECRET) to principals. */
    public static ServerContext context(Path dir, Map<String, Principal> keys) {
        Ledger.initialiseIfNew(dir);
        LetheHome home = LetheHome.open(dir);
        return new ServerContext(home, Workflow.inHome(home), fixed(keys),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    /** Accepts exactly the given printed keys. */
    public static KeyVerifier fixed(Map<String, Principal> keys) {
        return (id, secret) -> Optional.ofNullable(keys.get(id + "." + secret));
    }
}
