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
    /** The timer of each method, route and status, so a request does not build and look one up. */
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

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
        String method = ctx.method().name();
        String routeTemplate = route;
        int status = ctx.statusCode();
        timers.computeIfAbsent(method + ' ' + status + ' ' + route, k -> Timer.builder("http.server.requests")
                        .description("HTTP request latency").tag("method", method).tag("route", routeTemplate)
                        .tag("status", Integer.toString(status)).publishPercentileHistogram().register(meters))
                .record(Duration.ofNanos((long) (millis * 1_000_000L)));
    }
}
