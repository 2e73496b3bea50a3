package dev.lethe.server;

import dev.lethe.engine.Workflow;
import dev.lethe.store.LetheHome;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * What the server's modules share: the home they serve (its registry, keys and ledger), the
 * workflow over it, the API keys (checked by the routes' authenticator, and by the dashboard's
 * sign-in), the metrics registry and the clock (injected so tests can
 * move time). Modules hold no other global state.
 */
public record ServerContext(LetheHome home, Workflow workflow, KeyVerifier keys,
                            PrometheusMeterRegistry meters, Clock clock) {
    public ServerContext {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
    }
}
