package dev.lethe.server.ops;

import dev.lethe.server.Problems;
import dev.lethe.server.Role;
import dev.lethe.server.RouteTable;
import dev.lethe.server.RequestQuery;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerModule;
import dev.lethe.server.api.ApiDescriptions;
import dev.lethe.store.RequestState;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health}, {@code /metrics} and {@code /openapi.json}, all public: they hold no personal
 * data (metrics are counts and latencies labelled by state, family and route template).
 */
public final class OpsModule implements ServerModule {

    private final ApiDescriptions descriptions;

    /** @param descriptions the native API's route documentation, shared with its module */
    public OpsModule(ApiDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    @Override
    public void configure(JavalinConfig config, ServerContext context) {
        HttpMetrics http = new HttpMetrics(context.meters());
        config.requestLogger.http(http::record);
    }

    @Override
    public void register(RouteTable routes, Problems problems, ServerContext context) {
        RegistryMetrics.bind(context, context.meters());
        routes.get("/health", "liveness and registry reachability", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "up");
            try {
                new RequestQuery().state(RequestState.SUBMITTED).count(context.home().registry().database()); // one index probe
                out.put("registry", "up");
            } catch (RuntimeException e) { // any failure to read the registry: the database is down, closed or unreachable
                out.put("status", "degraded");
                out.put("registry", "unreachable");
                ctx.status(503);
            }
            ctx.json(out);
        }, Role.ANYONE);
        routes.get("/metrics", "Prometheus metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(context.meters().scrape()), Role.ANYONE);
        routes.get("/openapi.json", "the OpenAPI 3.1 document", ctx -> ctx.contentType("application/json")
                .result(OpenApiDocument.build(routes.specs(), descriptions).toPrettyString()), Role.ANYONE);
        descriptions.put(HandlerType.GET, "/health", ApiDescriptions.Doc.of(
                "`status` up, or 503 with `registry: unreachable` when the registry cannot be read."));
        descriptions.put(HandlerType.GET, "/metrics", ApiDescriptions.Doc.of(
                "Prometheus text: lethe_requests{state}, lethe_requests_overdue, lethe_batch_duration_seconds, "
                        + "lethe_forget_latency_seconds{family}, lethe_ledger_appends_total, lethe_ledger_entries, "
                        + "http_server_requests_seconds{method,route,status}.").answers("text/plain"));
        descriptions.put(HandlerType.GET, "/openapi.json", ApiDescriptions.Doc.of("This document."));
    }
}
