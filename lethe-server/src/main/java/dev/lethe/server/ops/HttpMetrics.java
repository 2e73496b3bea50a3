package dev.lethe.server.ops;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times every HTTP request into a latency histogram labelled by method, route template (never the
 * path itself, which may hold a request ID) and status.
 */
final class HttpMetrics {

    private final MeterRegistry meters;

    HttpMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        } catch (RuntimeException unmatched) {
            route = "unmatched";
        }
        Timer.builder("http.server.requests").description("HTTP request latency").tag("method", ctx.method().name())
                .tag("route", route).tag("status", Integer.toString(ctx.statusCode())).publishPercentileHistogram()
                .register(meters).record(Duration.ofNanos((long) (millis * 1_000_000L)));
    }
}
