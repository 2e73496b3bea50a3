package dev.lethe.server.api;

import dev.lethe.server.Problems;
import dev.lethe.server.RouteTable;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerModule;

/**
 * The native REST API as one server module: datasets, models, requests, ledger, audits, keys and
 * the job resource, under {@link ApiRoutes#PREFIX}.
 */
public final class NativeApi implements ServerModule {

    private final ApiDescriptions descriptions;
    private Jobs jobs;

    /** @param descriptions where the routes' documentation goes, for the OpenAPI document */
    public NativeApi(ApiDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    /** Opens the jobs before the port does (failing those a dead server left open), and closes them when the server stops. */
    @Override
    public void configure(io.javalin.config.JavalinConfig config, ServerContext context) {
        jobs = new Jobs(context.home().registry().database(), context.clock());
        config.events.serverStopped(jobs::close);
    }

    @Override
    public void register(RouteTable routes, Problems problems, ServerContext context) {
        ApiRoutes api = new ApiRoutes(routes, descriptions);
        new DatasetsApi(context, jobs).register(api);
        new ModelsApi(context, jobs).register(api);
        new RequestsApi(context).register(api);
        new LedgerApi(context).register(api);
        new AuditsApi(context, jobs).register(api);
        new KeysApi(context).register(api);
        api.get("/jobs", "your jobs", ApiDescriptions.Doc.of("The jobs your role started, newest first."),
                        ctx -> ctx.json(jobs.list(RouteTable.principal(ctx).role())), Role.ENGINEER, Role.OFFICER)
                .get("/jobs/{id}", "a job's status", ApiDescriptions.Doc.of(
                        "State (queued, running, succeeded, failed), progress from 0 to 1, the stage, and the result or the "
                                + "problem once finished. Only the role that started a job sees it. Jobs are kept in the registry: a job "
                                + "whose server stopped before it finished is failed (503, interrupted by a restart)."),
                        ctx -> ctx.json(jobs.get(ctx.pathParam("id"), RouteTable.principal(ctx).role())),
                        Role.ENGINEER, Role.OFFICER);
    }
}
