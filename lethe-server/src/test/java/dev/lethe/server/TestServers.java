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
final class TestServers {

    private TestServers() {}

    /** A context over a new H2 home in {@code dir}; {@code keys} maps bearer secrets to principals. */
    static ServerContext context(Path dir, Map<String, Principal> keys) {
        Ledger.initialiseIfNew(dir);
        LetheHome home = LetheHome.open(dir);
        return new ServerContext(home, Workflow.inHome(home), bearer(keys),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    /** Accepts {@code Authorization: Bearer SECRET} for the given secrets only. */
    static Authenticator bearer(Map<String, Principal> keys) {
        return ctx -> {
            String header = ctx.header("Authorization");
            if (header == null || !header.startsWith("Bearer ")) {
                return Optional.empty();
            }
            return Optional.ofNullable(keys.get(header.substring("Bearer ".length())));
        };
    }
}
