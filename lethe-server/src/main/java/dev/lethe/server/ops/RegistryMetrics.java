package dev.lethe.server.ops;

import dev.lethe.server.RequestQuery;
import dev.lethe.server.ServerContext;
import dev.lethe.store.LedgerHeads;
import dev.lethe.store.RequestState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Figures read from the registry at each scrape, so they are right with several servers on one
 * registry: requests by state, overdue requests, and the ledger's recorded length. No request
 * figure reads every request ({@link RequestQuery#countByState}; the overdue ones are counted
 * through the index on state and due date).
 */
final class RegistryMetrics {

    private RegistryMetrics() {}

    static void bind(ServerContext context, MeterRegistry meters) {
        for (RequestState state : RequestState.values()) {
            Gauge.builder("lethe.requests", context, c -> state == RequestState.DONE
                            ? RequestQuery.countByState(c.home().registry().database()).get(state)
                            : new RequestQuery().state(state).count(c.home().registry().database()))
                    .description("Forget requests by state").tag("state", state.name().toLowerCase(Locale.ROOT)).register(meters);
        }
        Gauge.builder("lethe.requests.overdue", context, c -> new RequestQuery().overdue(true, c.clock().instant())
                        .count(c.home().registry().database()))
                .description("Requests past their statutory due date and not done").register(meters);
        Gauge.builder("lethe.ledger.entries", context, c -> new LedgerHeads(c.home().registry().database()).recorded()
                        .map(LedgerHeads.Recorded::entries).orElse(0L))
                .description("Entries in the ledger as the registry last recorded it").register(meters);
    }
}
