package dev.lethe.server.ops;

import dev.lethe.engine.WorkerObserver;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.RequestReceipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The worker's figures for {@code /metrics}: batch durations, forget latency per model family and
 * ledger appends. Pass it to the server's worker with {@code Worker.Config.withObserver}. A
 * worker forgets a batch in one call per model, so the receipts of one model and version share
 * one forget: it is timed once.
 */
public final class WorkerMetrics implements WorkerObserver {

    private final MeterRegistry meters;
    private final Timer batches;
    private final Counter appends;

    public WorkerMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.batches = Timer.builder("lethe.batch.duration").description("Time to carry out one batch of forget requests")
                .publishPercentileHistogram().register(meters);
        this.appends = Counter.builder("lethe.ledger.appends").description("Receipts handed to the ledger (one entry per model and request)")
                .register(meters);
    }

    @Override
    public void batchDone(int completed, Duration took) {
        batches.record(took);
    }

    @Override
    public void receipts(List<RequestReceipt> receipts) {
        Set<String> forgets = new HashSet<>();
        for (RequestReceipt r : receipts) {
            for (ModelReceipt m : r.models()) {
                appends.increment();
                if (forgets.add(m.modelName() + "\u0000" + m.version()) && m.receipt().elapsed() != null) {
                    Timer.builder("lethe.forget.latency").description("Time one model took to forget a batch, by family")
                            .tag("family", m.receipt().family()).publishPercentileHistogram().register(meters)
                            .record(m.receipt().elapsed());
                }
            }
        }
    }
}
